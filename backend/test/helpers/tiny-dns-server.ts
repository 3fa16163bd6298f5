import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

// A real (if tiny) DNS server over UDP for tests: answers TXT questions from a table the test
// fills in, NXDOMAIN for anything else. The platform's own resolver (node:dns) queries it, so the
// DNS path is exercised as in production; nothing is faked inside the process under test.

const TYPE_TXT = 16;
const CLASS_IN = 1;

export interface TinyDnsServer {
  /** "127.0.0.1:<port>", for SSO_DNS_SERVERS. */
  address: string;
  /** TXT strings served for a name (lower-case, no trailing dot). */
  txt: Map<string, string[]>;
  queries: string[];
  close(): Promise<void>;
}

function readName(msg: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = offset;
  while (msg[i] !== 0) {
    const len = msg[i];
    labels.push(msg.subarray(i + 1, i + 1 + len).toString('latin1'));
    i += len + 1;
  }
  return { name: labels.join('.').toLowerCase(), end: i + 1 };
}

function txtRecord(value: string): Buffer {
  // One or more <length><bytes> character strings of at most 255 bytes each.
  const bytes = Buffer.from(value, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length || i === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
  }
  return Buffer.concat(parts);
}

function answer(query: Buffer, txt: Map<string, string[]>): { reply: Buffer; name: string } {
  const id = query.readUInt16BE(0);
  const { name, end } = readName(query, 12);
  const qtype = query.readUInt16BE(end);
  const question = query.subarray(12, end + 4);
  const values = qtype === TYPE_TXT ? txt.get(name) : undefined;
  const records = (values ?? []).map((v) => {
    const rdata = txtRecord(v);
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
    rr.writeUInt16BE(TYPE_TXT, 2);
    rr.writeUInt16BE(CLASS_IN, 4);
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  // Response, recursion desired + available; RCODE 3 (NXDOMAIN) when the name is unknown.
  header.writeUInt16BE(0x8180 | (txt.has(name) ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  return { reply: Buffer.concat([header, question, ...records]), name };
}

export async function startTinyDnsServer(): Promise<TinyDnsServer> {
  const socket: Socket = createSocket('udp4');
  const txt = new Map<string, string[]>();
  const queries: string[] = [];
  socket.on('message', (msg, rinfo) => {
    try {
      const { reply, name } = answer(msg, txt);
      queries.push(name);
      socket.send(reply, rinfo.port, rinfo.address);
    } catch {
      // Not a question we can read: no answer, as a real server might do.
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    txt,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
