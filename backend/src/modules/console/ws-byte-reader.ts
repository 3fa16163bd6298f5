import type { RawData, WebSocket } from 'ws';

export function rawToBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * Reads a WebSocket as a byte stream in exact-size pieces, for the short protocol preludes (RFB
 * handshake, termproxy login) before the relay takes over. `detach()` hands back what was read
 * ahead so no byte is lost at the switch.
 */
export class WsByteReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private waiter: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | null =
    null;
  private ended: Error | null = null;
  private readonly onMessage = (data: RawData) => this.push(rawToBuffer(data));
  private readonly onClose = (code: number, reason: Buffer) =>
    this.end(new PreludeError(`connection closed (${code}${reason.length ? ` ${reason}` : ''})`));
  private readonly onError = (err: Error) => this.end(new PreludeError(err.message));

  constructor(
    private readonly ws: WebSocket,
    private readonly timeoutMs: number,
  ) {
    ws.on('message', this.onMessage);
    ws.on('close', this.onClose);
    ws.on('error', this.onError);
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

  /** Stops listening; returns bytes received but not read yet. */
  detach(): Buffer {
    this.ws.off('message', this.onMessage);
    this.ws.off('close', this.onClose);
    this.ws.off('error', this.onError);
    const rest = this.length ? Buffer.concat(this.chunks, this.length) : Buffer.alloc(0);
    this.chunks = [];
    this.length = 0;
    return rest;
  }

  private push(data: Buffer): void {
    this.chunks.push(data);
    this.length += data.length;
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

/** A console prelude (VNC auth, termproxy login) failed; the message is safe to show a user. */
export class PreludeError extends Error {}
