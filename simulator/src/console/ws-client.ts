import WebSocket, { type ClientOptions } from 'ws';
import { rawToBuffer } from './ws-channel';

export interface WsConnectOptions {
  /** Subprotocols to offer; Proxmox clients offer `binary`. */
  protocols?: string[];
  /** Passed to `ws` (headers such as Cookie/Authorization, rejectUnauthorized, ...). */
  wsOptions?: ClientOptions;
  timeoutMs?: number;
}

/**
 * Opens a client WebSocket; rejects with the HTTP status line when the upgrade is refused.
 * `attach` runs before the handshake: data can arrive in the same tick as 'open'.
 */
export function openWebSocket(
  url: string,
  opts: WsConnectOptions = {},
  attach?: (ws: WebSocket) => void,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, opts.protocols ?? ['binary'], opts.wsOptions);
    attach?.(ws);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`WebSocket connect timeout: ${url}`));
    }, opts.timeoutMs ?? 10000);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      ws.terminate();
      reject(new WsRefusedError(res.statusCode ?? 0, res.statusMessage ?? ''));
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Closes cleanly and resolves once the close handshake finished (or the socket was closed). */
export function closeWebSocket(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) return resolve();
    ws.once('close', () => resolve());
    ws.close();
  });
}

export class WsRefusedError extends Error {
  constructor(
    readonly statusCode: number,
    readonly statusMessage: string,
  ) {
    super(`WebSocket upgrade refused: ${statusCode} ${statusMessage}`);
  }
}

/** Buffers incoming binary data and hands it out in exact-size reads. */
export class ByteReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private waiter: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | null =
    null;
  private ended: Error | null = null;

  constructor(ws: WebSocket) {
    ws.on('message', (data) => this.push(rawToBuffer(data)));
    ws.on('close', (code, reason) =>
      this.end(new Error(`connection closed (${code} ${reason.toString()})`)),
    );
    ws.on('error', (err) => this.end(err));
  }

  get buffered(): number {
    return this.length;
  }

  read(n: number): Promise<Buffer> {
    if (this.length >= n) return Promise.resolve(this.take(n));
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => (this.waiter = { n, resolve, reject }));
  }

  private push(data: Buffer): void {
    this.chunks.push(data);
    this.length += data.length;
    if (this.waiter && this.length >= this.waiter.n) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve(this.take(w.n));
    }
  }

  private end(err: Error): void {
    if (!this.ended) this.ended = err;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.reject(err);
    }
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.length);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    return out;
  }
}
