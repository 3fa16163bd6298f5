import { timingSafeEqual } from 'node:crypto';
import type { ByteChannel, ConsoleGuest } from './console.types';
import { SimShell } from './sim-shell';
import { stripPasswordPrefix } from './vnc-ticket';

const MAX_AUTH_LINE = 4096;
const MAX_DATA = 1 << 20;
/** Like termproxy, give up on a client that does not authenticate promptly. */
const AUTH_TIMEOUT_MS = 30_000;

/**
 * Server side of Proxmox's termproxy wire protocol: `<user>:<ticket>\n` → `OK`, then
 * `0:<len>:<data>` (input), `1:<cols>:<rows>:` (resize) and `2` (ping), backed by SimShell.
 */
export class TermproxySession {
  private buf: Buffer = Buffer.alloc(0);
  private authed = false;
  private closed = false;
  private readonly shell: SimShell;

  constructor(
    private readonly channel: ByteChannel,
    private readonly expected: { user: string; ticket: string },
    guest: ConsoleGuest,
  ) {
    this.shell = new SimShell(
      guest,
      (text) => this.send(text),
      () => this.close(),
    );
    const authTimer = setTimeout(() => !this.authed && this.close(), AUTH_TIMEOUT_MS);
    authTimer.unref();
    channel.onData((data) => this.receive(data));
    channel.onClose(() => {
      this.closed = true;
      clearTimeout(authTimer);
    });
  }

  private send(text: string): void {
    if (!this.closed) this.channel.send(Buffer.from(text, 'utf8'));
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    // Let the last output leave before the close frame.
    setImmediate(() => this.channel.close());
  }

  private receive(data: Buffer): void {
    if (this.closed) return;
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    if (!this.authed && !this.readAuth()) return;
    while (!this.closed && this.buf.length) {
      const consumed = this.readMessage();
      if (consumed === 0) return;
      if (consumed < 0) return this.close();
      this.buf = this.buf.subarray(consumed);
    }
  }

  private readAuth(): boolean {
    const nl = this.buf.indexOf(0x0a);
    if (nl < 0) {
      if (this.buf.length > MAX_AUTH_LINE) this.close();
      return false;
    }
    const line = this.buf.subarray(0, nl).toString('utf8').replace(/\r$/, '');
    this.buf = this.buf.subarray(nl + 1);
    const sep = line.indexOf(':');
    const user = sep > 0 ? line.slice(0, sep) : '';
    const ticket = stripPasswordPrefix(sep > 0 ? line.slice(sep + 1) : '');
    if (user !== this.expected.user || !sameString(ticket, this.expected.ticket)) {
      this.close();
      return false;
    }
    this.authed = true;
    this.send('OK');
    this.shell.start();
    return true;
  }

  /** Returns bytes consumed, 0 when the message is incomplete, -1 on a protocol error. */
  private readMessage(): number {
    const b = this.buf;
    switch (b[0]) {
      case 0x32: // '2' ping
        return 1;
      case 0x30: {
        // '0:<len>:<data>'
        const m = /^0:(\d{1,8}):/.exec(b.subarray(0, 12).toString('latin1'));
        if (!m)
          return b.length >= 12 || /[^0-9:]/.test(b.subarray(0, 12).toString('latin1')) ? -1 : 0;
        const len = Number(m[1]);
        if (len > MAX_DATA) return -1;
        const total = m[0].length + len;
        if (b.length < total) return 0;
        this.shell.input(b.subarray(m[0].length, total).toString('utf8'));
        return total;
      }
      case 0x31: {
        // '1:<cols>:<rows>:'
        const m = /^1:(\d{1,5}):(\d{1,5}):/.exec(b.subarray(0, 16).toString('latin1'));
        if (!m)
          return b.length >= 16 || /[^0-9:]/.test(b.subarray(0, 16).toString('latin1')) ? -1 : 0;
        this.shell.resize(Number(m[1]), Number(m[2]));
        return m[0].length;
      }
      default:
        return -1;
    }
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
