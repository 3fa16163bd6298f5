import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConsoleCloseCode } from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import { clientIp, compileTrust, type TrustFn } from '../../common/http/proxy-trust';
import { AppConfig } from '../../config/app-config';
import { AppError } from '../../common/errors/app-error';
import {
  ClusterConnectionService,
  type ClusterConnection,
} from '../clusters/cluster-connection.service';
import { ConsoleOptions } from './console.options';
import { ConsoleRepository } from './console.repository';
import { ConsoleTokenStore, type ConsoleTokenRecord } from './console-token.store';
import { authenticateUpstream, offerNoAuth } from './rfb-prelude';
import { loginTermproxy } from './termproxy-login';
import { FrameChannel, PreludeError } from './frame-channel';
import { relaySockets, type RelayHandle, type RelayLeg, type RelayStats } from './raw-relay';
import { encodeClose } from './ws-frame';
import { acceptUpgrade, connectUpstream, type RawWebSocket } from './ws-handshake';

/** The termproxy keep-alive message: traffic that does not count as activity. */
const TERMPROXY_KEEP_ALIVE = Buffer.from('2');

/** Ends a browser connection that has not reached the relay with a close frame (code, reason). */
function closeBrowser(socket: Duplex, code: number, reason: string): void {
  if (socket.writable && !socket.writableEnded) socket.end(encodeClose(code, reason, false));
  socket.resume(); // read (and drop) the viewer's close reply so the socket ends promptly
  setTimeout(() => socket.destroy(), 5000).unref();
}

class Refusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Serves `WS /api/vms/console?token=…`: trades the one-time token for the Proxmox ticket, checks
 * that the same user from the same address is connecting, opens `vncwebsocket` with the cluster's
 * credentials, completes the VNC auth / termproxy login itself and then relays bytes. Nothing but
 * the live sockets is held in memory, so any API process can serve any token.
 */
@Injectable()
export class ConsoleSessionService implements OnModuleDestroy {
  private readonly logger = new Logger('Console');
  private readonly live = new Set<RelayHandle>();

  /** Consoles relayed by this process right now (GET /api/metrics). */
  get liveSessions(): number {
    return this.live.size;
  }
  private readonly pending = new Set<Duplex>();
  private readonly trust: TrustFn;

  constructor(
    private readonly tokens: ConsoleTokenStore,
    private readonly repo: ConsoleRepository,
    private readonly connections: ClusterConnectionService,
    private readonly activity: ActivityService,
    private readonly options: ConsoleOptions,
    config: AppConfig,
  ) {
    this.trust = compileTrust(config.env.TRUST_PROXY);
  }

  /**
   * Takes over an upgrade request for the console path: the relay does the WebSocket handshakes
   * itself so it owns both raw sockets and can pipe frames unchanged after the prelude.
   */
  async attach(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (!acceptUpgrade(req, socket)) return;
    this.pending.add(socket);
    let upstream: RawWebSocket | undefined;
    let record: ConsoleTokenRecord | null = null;
    let actor: { userId: string; email: string; via: 'jwt' } | null = null;
    const ip = clientIp(req, this.trust);
    try {
      const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? '';
      const expiredOrUsed = () =>
        new Refusal(ConsoleCloseCode.InvalidToken, 'console token expired or already used');
      // The address is checked before the token is spent, so only its owner can use it up.
      record = await this.tokens.peek(token);
      if (!record) throw expiredOrUsed();
      const user = await this.repo.activeUser(record.userId);
      if (!user) throw new Refusal(ConsoleCloseCode.Forbidden, 'account is not active');
      actor = { userId: user.id, email: user.email, via: 'jwt' };
      if (record.ip !== ip)
        throw new Refusal(
          ConsoleCloseCode.Forbidden,
          'console token was issued to another address',
        );
      if (!(await this.tokens.consume(token))) throw expiredOrUsed();
      if (socket.destroyed) return;

      upstream = await this.openUpstream(record);
      const timeout = this.options.preludeTimeoutMs;
      const up = new FrameChannel(upstream.socket, 'client', timeout, upstream.head);
      let toBrowser: Buffer;
      // The browser's bytes wait in its (paused) socket until the relay or a prelude reads them.
      let toUpstream: Buffer = head;
      if (record.mode === 'vnc') {
        await authenticateUpstream(up, record.pve.password ?? record.pve.ticket);
        toBrowser = up.detach();
        const viewer = new FrameChannel(socket, 'server', timeout, head);
        await offerNoAuth(viewer);
        toUpstream = viewer.detach();
      } else {
        await loginTermproxy(up, record.pve);
        toBrowser = up.detach();
      }
      if (socket.destroyed) throw new Refusal(ConsoleCloseCode.Normal, 'viewer left');
      this.pending.delete(socket);
      this.startRelay(
        { socket, initial: toUpstream },
        { socket: upstream.socket, initial: toBrowser },
        record,
        actor,
        ip,
      );
    } catch (err) {
      this.pending.delete(socket);
      upstream?.socket.destroy();
      const refusal =
        err instanceof Refusal
          ? err
          : err instanceof PreludeError
            ? new Refusal(ConsoleCloseCode.UpstreamFailed, err.message)
            : new Refusal(
                ConsoleCloseCode.UpstreamFailed,
                'could not reach the console on Proxmox',
              );
      if (!(err instanceof Refusal) && !(err instanceof PreludeError))
        this.logger.warn(`console upstream failed: ${(err as Error).message}`);
      closeBrowser(socket, refusal.code, refusal.message);
      if (record) {
        await this.activity.record({
          action: 'console.refused',
          result: 'failure',
          actor,
          companyId: record.companyId,
          ...this.resourceOf(record),
          ip,
          userAgent: req.headers['user-agent'] ?? null,
          details: { reason: refusal.message, mode: record.mode, title: record.title },
        });
      }
    }
  }

  onModuleDestroy(): void {
    for (const r of this.live) r.stop(ConsoleCloseCode.ServerShutdown, 'server shutting down');
    for (const socket of this.pending)
      closeBrowser(socket, ConsoleCloseCode.ServerShutdown, 'server shutting down');
  }

  private startRelay(
    browser: RelayLeg,
    upstream: RelayLeg,
    record: ConsoleTokenRecord,
    actor: { userId: string; email: string; via: 'jwt' },
    ip: string | null,
  ): void {
    const common = {
      actor,
      companyId: record.companyId,
      ...this.resourceOf(record),
      ip,
    };
    void this.activity.record({
      action: 'console.open',
      ...common,
      details: { mode: record.mode, title: record.title, node: record.target.node },
    });
    const handle = relaySockets(
      browser,
      upstream,
      {
        idleTimeoutMs: this.options.idleTimeoutMs,
        highWaterMark: this.options.highWaterMark,
        keepAlive: record.mode === 'term' ? TERMPROXY_KEEP_ALIVE : undefined,
      },
      (stats: RelayStats) => {
        this.live.delete(handle);
        void this.activity.record({
          action: 'console.close',
          ...common,
          details: { mode: record.mode, title: record.title, ...stats },
        });
      },
    );
    this.live.add(handle);
  }

  private resourceOf(record: ConsoleTokenRecord): { resourceType: string; resourceId: string } {
    return record.target.kind === 'node'
      ? { resourceType: 'node', resourceId: `${record.target.clusterId}/${record.target.node}` }
      : { resourceType: 'guest', resourceId: record.target.guestId };
  }

  private async openUpstream(record: ConsoleTokenRecord): Promise<RawWebSocket> {
    let cluster: ClusterConnection;
    try {
      cluster = await this.connections.open(record.target.clusterId, 'interactive');
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
      throw new Refusal(ConsoleCloseCode.UpstreamFailed, 'the cluster no longer exists');
    }
    const target = await cluster.api.consoleWebSocket(record.target, record.pve);
    return connectUpstream(target, this.options.preludeTimeoutMs);
  }
}
