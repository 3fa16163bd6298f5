import type { Duplex } from 'node:stream';
import { encodeFrame, FrameDecoder, FrameError, Opcode } from './ws-frame';

/** What the preludes need: send a message, read the byte stream in exact-size pieces. */
export interface PreludeChannel {
  send(data: Buffer): void;
  read(n: number): Promise<Buffer>;
}

/** A console prelude (VNC auth, termproxy login) failed; the message is safe to show a user. */
export class PreludeError extends Error {}

/**
 * A raw WebSocket connection read as a byte stream for the short protocol preludes, before the
 * relay takes over the socket. `role` is our side: `server` towards the browser (its frames are
 * masked), `client` towards Proxmox. Pings are answered, a close frame ends the prelude.
 * `detach()` hands back what arrived but was not read, as bytes ready to forward to the other leg.
 */
export class FrameChannel implements PreludeChannel {
  private readonly decoder: FrameDecoder;
  private chunks: Buffer[] = [];
  private length = 0;
  private waiter: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | null =
    null;
  private ended: Error | null = null;
  private readonly onData = (chunk: Buffer) => this.push(chunk);
  private readonly onEnd = () => this.end(new PreludeError('connection closed'));
  private readonly onError = (err: Error) => this.end(new PreludeError(err.message));

  constructor(
    private readonly socket: Duplex,
    private readonly role: 'server' | 'client',
    private readonly timeoutMs: number,
    head: Buffer = Buffer.alloc(0),
  ) {
    this.decoder = new FrameDecoder(role === 'server');
    if (head.length) this.push(head);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
    socket.resume();
  }

  send(data: Buffer): void {
    this.socket.write(encodeFrame(Opcode.Binary, data, { mask: this.role === 'client' }));
  }

  read(n: number): Promise<Buffer> {
    if (this.length >= n) return Promise.resolve(this.take(n));
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new PreludeError('no answer in time'));
      }, this.timeoutMs);
      this.waiter = {
        n,
        resolve: (b) => {
          clearTimeout(timer);
          resolve(b);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  /**
   * Stops reading (the socket is paused) and returns the bytes the other leg must get before the
   * raw relay starts: unread payload re-framed (masked exactly when the incoming frames were, and
   * left open when a fragmented message is still arriving), then any partly received frame as is.
   */
  detach(): Buffer {
    this.socket.pause();
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    const parts: Buffer[] = [];
    const open = this.decoder.midMessage;
    if (this.length || open) {
      const rest = Buffer.concat(this.chunks, this.length);
      parts.push(encodeFrame(Opcode.Binary, rest, { mask: this.role === 'server', fin: !open }));
    }
    if (this.decoder.pending.length) parts.push(this.decoder.pending);
    this.chunks = [];
    this.length = 0;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  private push(chunk: Buffer): void {
    if (this.ended) return;
    let frames;
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      if (!(err instanceof FrameError)) throw err;
      this.end(new PreludeError(`protocol error: ${err.message}`));
      return;
    }
    for (const f of frames) {
      if (f.opcode === Opcode.Ping) {
        this.socket.write(encodeFrame(Opcode.Pong, f.payload, { mask: this.role === 'client' }));
      } else if (f.opcode === Opcode.Close) {
        const code = f.payload.length >= 2 ? f.payload.readUInt16BE(0) : 1005;
        const reason = f.payload.subarray(2).toString('utf8');
        this.end(new PreludeError(`connection closed (${code}${reason ? ` ${reason}` : ''})`));
        return;
      } else if (f.opcode !== Opcode.Pong && f.payload.length) {
        this.chunks.push(f.payload);
        this.length += f.payload.length;
      }
    }
    const w = this.waiter;
    if (w && this.length >= w.n) {
      this.waiter = null;
      w.resolve(this.take(w.n));
    }
  }

  private end(err: Error): void {
    this.ended ??= err;
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w.reject(err);
    }
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.length);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    return all.subarray(0, n);
  }
}
