import type { Duplex } from 'node:stream';
import { ConsoleCloseCode } from '@multpanel/contracts';
import { encodeClose, FrameError, FrameScanner, type ScanResult } from './ws-frame';

export interface RelayOptions {
  idleTimeoutMs: number;
  /** Payload of the browser message that does not count as activity (termproxy keep-alive `2`). */
  keepAlive?: Buffer;
  /** Bytes queued towards one side above which the other side stops being read. */
  highWaterMark?: number;
}

export type RelayEndReason = 'browser_closed' | 'upstream_closed' | 'idle' | 'error' | 'stopped';

export interface RelayStats {
  reason: RelayEndReason;
  durationMs: number;
  /** Browser → Proxmox payload bytes. */
  bytesUp: number;
  /** Proxmox → browser payload bytes. */
  bytesDown: number;
}

export interface RelayHandle {
  /** Ends the session from our side (shutdown), closing both sockets. */
  stop(code: number, reason: string): void;
  readonly stats: Omit<RelayStats, 'reason' | 'durationMs'>;
}

/** One leg of the relay: an upgraded socket and bytes to treat as if they had just arrived. */
export interface RelayLeg {
  socket: Duplex;
  /** Already framed bytes (handshake head or prelude leftovers), forwarded before the socket. */
  initial?: Buffer;
}

const DEFAULT_HIGH_WATER = 1 << 20;
const CLOSE_GRACE_MS = 5000;

/**
 * Relays two upgraded WebSocket connections by piping raw bytes: the browser's frames are masked
 * client frames, valid as-is for Proxmox, and Proxmox's unmasked server frames are valid as-is
 * for the browser (both legs negotiated `binary` and no extension). Nothing is decoded: a
 * header-only scanner counts payload bytes, spots the keep-alive and cuts out close frames, so
 * the relay can answer them itself. Back-pressure both ways (a side is paused while more than
 * `highWaterMark` bytes wait towards its peer); either side closing, an error, a protocol
 * violation or no traffic for `idleTimeoutMs` ends both. `onEnd` fires exactly once.
 */
export function relaySockets(
  browser: RelayLeg,
  upstream: RelayLeg,
  opts: RelayOptions,
  onEnd: (stats: RelayStats) => void,
): RelayHandle {
  const started = Date.now();
  const high = opts.highWaterMark ?? DEFAULT_HIGH_WATER;
  const stats = { bytesUp: 0, bytesDown: 0 };
  const b = browser.socket;
  const u = upstream.socket;
  let lastActivity = started;
  let ended = false;

  const pipe = (src: Duplex, dst: Duplex, up: boolean) => {
    const scanner = new FrameScanner(up, up ? opts.keepAlive : undefined);
    const side = { waiting: false, onData: (_chunk: Buffer) => undefined as void };
    dst.on('drain', () => {
      if (!side.waiting) return;
      side.waiting = false;
      if (!ended) src.resume();
    });
    const onData = (chunk: Buffer) => {
      if (ended) return;
      let r: ScanResult;
      try {
        r = scanner.scan(chunk);
      } catch (err) {
        if (!(err instanceof FrameError)) throw err;
        finish('error', 1002, `protocol error: ${err.message}`);
        return;
      }
      if (up) stats.bytesUp += r.payloadBytes;
      else stats.bytesDown += r.payloadBytes;
      if (r.activity) lastActivity = Date.now();
      if (r.head) dst.write(r.head);
      let ok = true;
      if (r.end === chunk.length) ok = dst.write(chunk);
      else if (r.end > 0) ok = dst.write(chunk.subarray(0, r.end));
      if (r.close) {
        if (up) finish('browser_closed', ConsoleCloseCode.Normal, '');
        else finish('upstream_closed', ConsoleCloseCode.Normal, 'console closed by Proxmox');
        return;
      }
      if (!ok && dst.writableLength >= high) {
        side.waiting = true;
        src.pause();
      }
    };
    side.onData = onData;
    return side;
  };
  const upSide = pipe(b, u, true);
  const downSide = pipe(u, b, false);
  const upData = upSide.onData;
  const downData = downSide.onData;

  const finish = (reason: RelayEndReason, browserCode: number, browserReason: string) => {
    if (ended) return;
    ended = true;
    clearInterval(idleTimer);
    b.off('data', upData);
    u.off('data', downData);
    for (const [s, frame] of [
      [b, encodeClose(browserCode, browserReason, false)],
      [u, encodeClose(ConsoleCloseCode.Normal, '', true)],
    ] as const) {
      if (s.writable && !s.writableEnded) s.end(frame);
      // Read (and drop) the peer's close reply so its socket ends promptly; a peer that never
      // answers must not keep the socket alive.
      s.resume();
      setTimeout(() => s.destroy(), CLOSE_GRACE_MS).unref();
    }
    onEnd({ reason, durationMs: Date.now() - started, ...stats });
  };

  b.on('end', () => finish('browser_closed', ConsoleCloseCode.Normal, ''));
  b.on('close', () => finish('browser_closed', ConsoleCloseCode.Normal, ''));
  b.on('error', () => finish('error', ConsoleCloseCode.Normal, ''));
  u.on('end', () =>
    finish('upstream_closed', ConsoleCloseCode.Normal, 'console closed by Proxmox'),
  );
  u.on('close', () =>
    finish('upstream_closed', ConsoleCloseCode.Normal, 'console closed by Proxmox'),
  );
  u.on('error', () =>
    finish('error', ConsoleCloseCode.UpstreamFailed, 'connection to Proxmox failed'),
  );

  const idleTimer = setInterval(
    () => {
      if (Date.now() - lastActivity >= opts.idleTimeoutMs)
        finish('idle', ConsoleCloseCode.IdleTimeout, 'closed after inactivity');
    },
    Math.min(Math.max(Math.floor(opts.idleTimeoutMs / 4), 50), 15_000),
  );
  idleTimer.unref();

  // Bytes that arrived with the handshake or after the prelude go first, through the same scanner.
  if (browser.initial?.length) upData(browser.initial);
  if (upstream.initial?.length) downData(upstream.initial);
  b.on('data', upData);
  u.on('data', downData);
  if (!ended && !upSide.waiting) b.resume();
  if (!ended && !downSide.waiting) u.resume();

  return {
    stop: (code, reason) => finish('stopped', code, reason),
    stats,
  };
}
