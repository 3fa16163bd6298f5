// A minimal Redis client (RESP2 over TCP/TLS) for the engine: PUBLISH progress to the API's live-events
// channel and read INFO. The engine runs outside the app and must not load the app's node_modules, which
// an update replaces under it.
import net from 'node:net';
import tls from 'node:tls';

const encode = (args) =>
  `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('');

/** Parses one RESP reply from buf; returns [value, rest] or null when incomplete. */
function parseReply(buf) {
  const nl = buf.indexOf('\r\n');
  if (nl < 0) return null;
  const type = buf[0];
  const head = buf.slice(1, nl).toString();
  const rest = buf.slice(nl + 2);
  if (type === 0x2b) return [head, rest]; // +
  if (type === 0x2d) return [new Error(head), rest]; // -
  if (type === 0x3a) return [Number(head), rest]; // :
  if (type === 0x24) {
    const len = Number(head);
    if (len < 0) return [null, rest];
    if (rest.length < len + 2) return null;
    return [rest.slice(0, len).toString(), rest.slice(len + 2)];
  }
  if (type === 0x2a) {
    const items = [];
    let cur = rest;
    for (let i = 0; i < Number(head); i++) {
      const r = parseReply(cur);
      if (!r) return null;
      items.push(r[0]);
      cur = r[1];
    }
    return [items, cur];
  }
  return [new Error(`unexpected reply type ${String.fromCharCode(type)}`), rest];
}

export class MiniRedis {
  constructor(url) {
    this.url = new URL(url);
    this.socket = null;
    this.pending = [];
    this.buf = Buffer.alloc(0);
  }

  async connect(timeoutMs = 3000) {
    const u = this.url;
    const opts = { host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) };
    await new Promise((resolve, reject) => {
      const s =
        u.protocol === 'rediss:'
          ? tls.connect({ ...opts, servername: opts.host })
          : net.connect(opts);
      const timer = setTimeout(
        () => (s.destroy(), reject(new Error('Redis: connect timeout'))),
        timeoutMs,
      );
      s.once(u.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        resolve();
      });
      s.once('error', (err) => (clearTimeout(timer), reject(err)));
      this.socket = s;
    });
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', (err) => this.failAll(err));
    this.socket.on('close', () => this.failAll(new Error('Redis: connection closed')));
    const password = decodeURIComponent(u.password || '');
    if (password) {
      const user = decodeURIComponent(u.username || '');
      await this.command(user ? ['AUTH', user, password] : ['AUTH', password]);
    }
    const db = u.pathname.replace('/', '');
    if (db) await this.command(['SELECT', db]);
    return this;
  }

  onData(chunk) {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const r = parseReply(this.buf);
      if (!r) return;
      this.buf = r[1];
      const p = this.pending.shift();
      if (!p) continue;
      if (r[0] instanceof Error) p.reject(r[0]);
      else p.resolve(r[0]);
    }
  }

  failAll(err) {
    for (const p of this.pending.splice(0)) p.reject(err);
    this.socket = null;
  }

  command(args) {
    if (!this.socket) return Promise.reject(new Error('Redis: not connected'));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(encode(args));
    });
  }

  close() {
    this.socket?.end();
    this.socket = null;
  }
}

/** Redis server version from INFO, or null. */
export async function redisVersion(url) {
  const r = new MiniRedis(url);
  try {
    await r.connect();
    const info = await r.command(['INFO', 'server']);
    return /redis_version:(\S+)/.exec(info)?.[1] ?? null;
  } catch {
    return null;
  } finally {
    r.close();
  }
}
