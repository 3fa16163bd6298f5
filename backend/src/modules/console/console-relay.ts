import type { RawData, WebSocket } from 'ws';
import { ConsoleCloseCode } from '@multpanel/contracts';
import { rawToBuffer } from './ws-byte-reader';

export interface RelayOptions {
  idleTimeoutMs: number;
  /** Browser messages that do not count as activity (the termproxy keep-alive `2`). */
  isKeepAlive?: (data: Buffer) => boolean;
  /** Queued bytes towards one side above which the other side stops being read. */
  highWaterMark?: number;
}

export type RelayEndReason = 'browser_closed' | 'upstream_closed' | 'idle' | 'error' | 'stopped';

export interface RelayStats {
  reason: RelayEndReason;
  durationMs: number;
  /** Browser → Proxmox. */
  bytesUp: number;
  /** Proxmox → browser. */
  bytesDown: number;
}

export interface RelayHandle {
  /** Ends the session from our side (shutdown), closing both sockets. */
  stop(code: number, reason: string): void;
  readonly stats: Omit<RelayStats, 'reason' | 'durationMs'>;
}

const DEFAULT_HIGH_WATER = 1 << 20;
const BINARY = { binary: true } as const;

/**
 * Pipes two open WebSockets into each other message by message (no re-framing, so the RFB and
 * termproxy byte streams pass untouched) with back-pressure both ways: a side whose peer has more
 * than `highWaterMark` bytes queued is paused until that queue is flushed. Either side closing,
 * an error, or no traffic for `idleTimeoutMs` ends both. `onEnd` fires exactly once.
 */
export function relayWebSockets(
  browser: WebSocket,
  upstream: WebSocket,
  opts: RelayOptions,
  onEnd: (stats: RelayStats) => void,
): RelayHandle {
  const started = Date.now();
  const high = opts.highWaterMark ?? DEFAULT_HIGH_WATER;
  const stats = { bytesUp: 0, bytesDown: 0 };
  let lastActivity = started;
  let ended = false;

  const pipe = (src: WebSocket, dst: WebSocket, up: boolean) => {
    let paused = false;
    // Runs once the frame that crossed the mark is flushed, i.e. the queue before it is gone too.
    const onFlushed = () => {
      paused = false;
      src.resume();
    };
    src.on('message', (data: RawData) => {
      const buf = rawToBuffer(data);
      if (up) {
        stats.bytesUp += buf.length;
        if (!opts.isKeepAlive?.(buf)) lastActivity = Date.now();
      } else {
        stats.bytesDown += buf.length;
        lastActivity = Date.now();
      }
      if (dst.readyState !== dst.OPEN) return;
      // Only the send that crosses the mark carries a callback: the common path stays allocation-free.
      if (!paused && dst.bufferedAmount + buf.length > high) {
        paused = true;
        src.pause();
        dst.send(buf, BINARY, onFlushed);
      } else {
        dst.send(buf, BINARY);
      }
    });
  };
  pipe(browser, upstream, true);
  pipe(upstream, browser, false);

  const closeQuietly = (ws: WebSocket, code: number, reason: string) => {
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    // A peer that never answers the close handshake must not keep the socket (or the session) alive.
    setTimeout(() => ws.terminate(), 5000).unref();
  };

  const finish = (reason: RelayEndReason, browserCode: number, browserReason: string) => {
    if (ended) return;
    ended = true;
    clearInterval(idleTimer);
    closeQuietly(browser, browserCode, browserReason);
    closeQuietly(upstream, ConsoleCloseCode.Normal, '');
    onEnd({ reason, durationMs: Date.now() - started, ...stats });
  };

  browser.on('close', () => finish('browser_closed', ConsoleCloseCode.Normal, ''));
  browser.on('error', () => finish('error', ConsoleCloseCode.Normal, ''));
  upstream.on('close', () =>
    finish('upstream_closed', ConsoleCloseCode.Normal, 'console closed by Proxmox'),
  );
  upstream.on('error', () =>
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

  if (browser.isPaused) browser.resume();
  if (upstream.isPaused) upstream.resume();

  return {
    stop: (code, reason) => finish('stopped', code, reason),
    stats,
  };
}
