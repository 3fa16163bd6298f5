// Browser consoles: noVNC for QEMU screens, xterm.js for container and node shells.

/** The one WebSocket path for every console (Nginx proxies it with Upgrade headers). */
export const CONSOLE_WS_PATH = '/api/vms/console';

export const CONSOLE_KINDS = ['vnc', 'term'] as const;
export type ConsoleKind = (typeof CONSOLE_KINDS)[number];

/** Answer of POST /api/vms/:id/console and POST /api/clusters/:id/nodes/:node/console. */
export interface ConsoleSession {
  /** One-time, ~30 s, bound to the user, the guest and the client IP; not a Proxmox credential. */
  token: string;
  /** `/api/vms/console?token=…`, relative to the page origin. */
  wsPath: string;
  kind: ConsoleKind;
  /** What the console shows, e.g. the guest name or `node pve1`. */
  title: string;
  expiresAt: string;
}

/**
 * WebSocket close codes the relay uses, so the SPA can say why a console ended and whether
 * reconnecting (with a new token) makes sense.
 */
export const ConsoleCloseCode = {
  Normal: 1000,
  ServerShutdown: 1001,
  /** Token missing, unknown, expired or already used. */
  InvalidToken: 4401,
  /** Token valid but not for this caller (other client IP, user no longer active). */
  Forbidden: 4403,
  IdleTimeout: 4408,
  /** Proxmox refused or dropped the console (ticket, VNC auth, termproxy login, network). */
  UpstreamFailed: 4502,
} as const;
export type ConsoleCloseCode = (typeof ConsoleCloseCode)[keyof typeof ConsoleCloseCode];

/** Reconnecting is pointless after these (the user lacks the right or left the console idle). */
export function consoleCloseIsFinal(code: number): boolean {
  return code === ConsoleCloseCode.Forbidden || code === ConsoleCloseCode.IdleTimeout;
}

/** Termproxy client framing the browser speaks after the relay has logged in. */
export const termproxyFrame = {
  /** `0:<utf8 byte length>:<data>` */
  data(text: string): string {
    return `0:${new TextEncoder().encode(text).length}:${text}`;
  },
  /** `1:<cols>:<rows>:` */
  resize(cols: number, rows: number): string {
    return `1:${Math.max(1, Math.floor(cols))}:${Math.max(1, Math.floor(rows))}:`;
  },
  /** Keep-alive, every 30 s. */
  ping: '2',
} as const;
