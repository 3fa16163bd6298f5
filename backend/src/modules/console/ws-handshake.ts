import { createHash, randomBytes } from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { PreludeError } from './frame-channel';

/**
 * The two WebSocket opening handshakes of the console relay, done by hand so the relay owns the
 * raw sockets. Both legs negotiate the same thing, which is what lets frames pass unchanged: the
 * `binary` subprotocol and no extension (no permessage-deflate).
 */
export const CONSOLE_SUBPROTOCOL = 'binary';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const acceptKey = (key: string) =>
  createHash('sha1')
    .update(key + GUID)
    .digest('base64');

/** An upgraded socket and the bytes that arrived with the handshake. */
export interface RawWebSocket {
  socket: Duplex;
  head: Buffer;
}

function refuseHttp(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * Server side, towards the browser: answers `101` for a valid RFC 6455 request that offers the
 * `binary` subprotocol (extensions offered are declined), or `400`/`426` with a reason. The socket
 * is left paused. Returns whether it was upgraded.
 */
export function acceptUpgrade(req: IncomingMessage, socket: Duplex): boolean {
  socket.pause();
  socket.on('error', () => undefined);
  const key = req.headers['sec-websocket-key'];
  const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (req.method !== 'GET' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
    refuseHttp(socket, 400, 'expected a WebSocket upgrade');
    return false;
  }
  if (req.headers['sec-websocket-version'] !== '13') {
    refuseHttp(socket, 426, 'WebSocket version 13 required');
    return false;
  }
  if (typeof key !== 'string' || !/^[+/0-9A-Za-z]{21}[AQgw]==$/.test(key)) {
    refuseHttp(socket, 400, 'invalid Sec-WebSocket-Key');
    return false;
  }
  if (!protocols.includes(CONSOLE_SUBPROTOCOL)) {
    refuseHttp(socket, 400, `the console speaks the "${CONSOLE_SUBPROTOCOL}" subprotocol only`);
    return false;
  }
  if ('setNoDelay' in socket)
    (socket as unknown as { setNoDelay(v: boolean): void }).setNoDelay(true);
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${acceptKey(key)}\r\nSec-WebSocket-Protocol: ${CONSOLE_SUBPROTOCOL}\r\n\r\n`,
  );
  return true;
}

/**
 * Client side, towards Proxmox (`wss://…/vncwebsocket`, or `ws://` in tests): the request goes
 * through the given agent (the cluster's pinned TLS trust) with the given auth headers. Resolves
 * once Proxmox answered `101` with a matching accept key, `binary` and no extension; the socket
 * is paused.
 */
export function connectUpstream(
  target: { url: string; headers?: Record<string, string>; agent?: http.Agent },
  timeoutMs: number,
): Promise<RawWebSocket> {
  const key = randomBytes(16).toString('base64');
  const url = new URL(target.url);
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  url.protocol = secure ? 'https:' : 'http:';
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      req.destroy();
      reject(new PreludeError(message));
    };
    const req = (secure ? https : http).request(url, {
      agent: target.agent,
      headers: {
        ...target.headers,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': key,
        'Sec-WebSocket-Protocol': CONSOLE_SUBPROTOCOL,
      },
    });
    const timer = setTimeout(() => fail('cannot reach Proxmox: no answer in time'), timeoutMs);
    req.on('upgrade', (res: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.pause();
      socket.on('error', () => undefined);
      clearTimeout(timer);
      const problem =
        res.headers['sec-websocket-accept'] !== acceptKey(key)
          ? 'a wrong Sec-WebSocket-Accept'
          : res.headers['sec-websocket-protocol'] !== CONSOLE_SUBPROTOCOL
            ? 'another subprotocol than binary'
            : res.headers['sec-websocket-extensions']
              ? 'an extension that was not offered'
              : null;
      if (problem) {
        socket.destroy();
        reject(new PreludeError(`Proxmox answered the console upgrade with ${problem}`));
        return;
      }
      if ('setNoDelay' in socket)
        (socket as unknown as { setNoDelay(v: boolean): void }).setNoDelay(true);
      resolve({ socket, head });
    });
    req.on('response', (res: IncomingMessage) => {
      res.resume();
      fail(`Proxmox refused the console (${res.statusCode} ${res.statusMessage ?? ''})`.trim());
    });
    req.on('error', (err) => fail(`cannot reach Proxmox: ${err.message}`));
    req.end();
  });
}
