/** Tunables of the console module; tests replace the provider to shorten the timers. */
export class ConsoleOptions {
  /** Lifetime of a console token (Proxmox's own VNC ticket lives -20 s…+40 s). */
  tokenTtlMs = 30_000;
  /** A session without traffic for this long is closed. */
  idleTimeoutMs = 15 * 60_000;
  /** Limit for the RFB handshake / termproxy login with Proxmox and the browser. */
  preludeTimeoutMs = 10_000;
  /** Queued bytes towards one side above which the other is paused. */
  highWaterMark = 1 << 20;
}
