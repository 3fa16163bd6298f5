import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConsoleGuest } from './console.types';
import { PortPool } from './port-pool';
import { findExecutable, QemuManager } from './qemu-manager';
import { BuiltinRfbSession } from './rfb-server';
import { TermproxySession } from './termproxy-session';
import { generateVncPassword, TicketError, TicketStore, type TicketRecord } from './vnc-ticket';
import { wsChannel } from './ws-channel';

export type { ByteChannel, ConsoleGuest } from './console.types';
export { vncAuthResponse } from './vnc-des';
export * from './rfb-client';
export * from './rfb-bench';
export { WsRefusedError } from './ws-client';
export * from './termproxy-client';

export interface ConsoleServiceOptions {
  host: string;
  /** Clock in ms (tests move it to check ticket expiry). */
  now?: () => number;
  /** Path of qemu-system-x86_64; `false` forces the built-in RFB server; default: look on PATH. */
  qemuBinary?: string | false;
  /** How long a QEMU keeps running after its last viewer left. */
  qemuGraceMs?: number;
  /** More concurrent QEMU consoles than this fall back to the built-in server (default 8). */
  qemuMaxInstances?: number;
  /** Diagnostic log sink; silent by default. */
  log?: (message: string) => void;
}

interface Session {
  ws: WebSocket;
  record: TicketRecord;
}

/**
 * The vncproxy/termproxy side of the simulator: hands out one-time tickets bound to a proxy port
 * and guest, and serves the `vncwebsocket` upgrade with a real QEMU VNC server, the built-in RFB
 * server or the simulated shell.
 */
export class ConsoleService {
  private readonly now: () => number;
  private readonly tickets: TicketStore;
  private readonly ports = new PortPool();
  private readonly wss = new WebSocketServer({
    noServer: true,
    // RFB and termproxy messages are small; a full-screen update only flows server → client.
    maxPayload: 4 << 20,
    handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
  });
  private readonly sessions = new Set<Session>();
  private readonly qemu: QemuManager | null;
  private readonly pruneTimer: NodeJS.Timeout;
  private readonly log: (message: string) => void;

  constructor(private readonly opts: ConsoleServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.tickets = new TicketStore(this.now);
    this.log = opts.log ?? (() => undefined);
    const binary =
      opts.qemuBinary === undefined ? findExecutable('qemu-system-x86_64') : opts.qemuBinary;
    this.qemu = binary
      ? new QemuManager(binary, opts.qemuGraceMs ?? 3000, opts.qemuMaxInstances ?? 8, this.log)
      : null;
    this.pruneTimer = setInterval(() => this.prune(), 5000);
    this.pruneTimer.unref();
  }

  /** True when QEMU guests are served by a real QEMU process. */
  get usesQemu(): boolean {
    return this.qemu !== null;
  }

  /** Number of QEMU processes currently running (or starting). */
  get qemuInstances(): number {
    return this.qemu?.running() ?? 0;
  }

  createVncTicket(
    guest: ConsoleGuest,
    user: string,
    opts: { generatePassword: boolean },
  ): { port: number; ticket: string; password?: string } {
    this.prune();
    const port = this.ports.allocate(guest.node);
    const password = opts.generatePassword ? generateVncPassword() : undefined;
    const record = this.tickets.issue('vnc', guest, user, port, password);
    return password
      ? { port, ticket: `${password}:${record.ticket}`, password }
      : { port, ticket: record.ticket };
  }

  createTermTicket(guest: ConsoleGuest, user: string): { port: number; ticket: string } {
    this.prune();
    const port = this.ports.allocate(guest.node);
    const record = this.tickets.issue('term', guest, user, port);
    return { port, ticket: record.ticket };
  }

  handleUpgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    params: { guest: ConsoleGuest; port: number; vncticket: string; user: string },
  ): void {
    this.prune();
    let record: TicketRecord;
    try {
      record = this.tickets.consume(params.vncticket, params.guest, params.user, params.port);
    } catch (err) {
      const reason = err instanceof TicketError ? err.message : 'invalid vncticket';
      socket.end(`HTTP/1.1 401 ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, record, params.guest));
  }

  async close(): Promise<void> {
    clearInterval(this.pruneTimer);
    for (const s of this.sessions) s.ws.terminate();
    this.sessions.clear();
    await this.qemu?.close();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket, record: TicketRecord, guest: ConsoleGuest): void {
    const session: Session = { ws, record };
    this.sessions.add(session);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      this.sessions.delete(session);
      this.ports.release(record.node, record.port);
    });
    if (record.kind === 'term') {
      new TermproxySession(wsChannel(ws), { user: record.user, ticket: record.ticket }, guest);
      return;
    }
    if (this.qemu && guest.kind === 'qemu' && guest.status === 'running') {
      // Hold client bytes until QEMU's VNC socket is connected (or we fall back).
      ws.pause();
      this.qemu.attach(guest, record.vncPassword, ws).catch((err: unknown) => {
        this.log(
          `console: QEMU unavailable for ${guest.name} (${String(err)}); using built-in RFB`,
        );
        if (ws.readyState !== ws.OPEN) return;
        new BuiltinRfbSession(wsChannel(ws), record.vncPassword, guest);
        ws.resume();
      });
      return;
    }
    new BuiltinRfbSession(wsChannel(ws), record.vncPassword, guest);
  }

  private prune(): void {
    for (const r of this.tickets.prune()) this.ports.release(r.node, r.port);
  }
}
