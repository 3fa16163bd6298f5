import type { IncomingMessage } from 'node:http';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ConsoleCloseCode } from '@multpanel/contracts';
import WebSocket from 'ws';
import { ActivityService } from '../../common/audit/activity.service';
import { ClustersService } from '../clusters/clusters.service';
import { clientIp, type TrustFn } from './client-ip';
import { relayWebSockets, type RelayHandle, type RelayStats } from './console-relay';
import { ConsoleOptions } from './console.options';
import { ConsoleRepository } from './console.repository';
import { ConsoleTokenStore, type ConsoleTokenRecord } from './console-token.store';
import { authenticateUpstream, offerNoAuth } from './rfb-prelude';
import { loginTermproxy } from './termproxy-login';
import { PreludeError, WsByteReader } from './ws-byte-reader';

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
  private readonly pending = new Set<WebSocket>();

  constructor(
    private readonly tokens: ConsoleTokenStore,
    private readonly repo: ConsoleRepository,
    private readonly clusters: ClustersService,
    private readonly activity: ActivityService,
    private readonly options: ConsoleOptions,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Takes over a freshly upgraded browser socket (already paused by the gateway). */
  async attach(browser: WebSocket, req: IncomingMessage): Promise<void> {
    this.pending.add(browser);
    let upstream: WebSocket | undefined;
    let record: ConsoleTokenRecord | null = null;
    let actor: { userId: string; email: string; via: 'jwt' } | null = null;
    const ip = clientIp(req, this.trustFn());
    try {
      const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token') ?? '';
      record = await this.tokens.consume(token);
      if (!record)
        throw new Refusal(ConsoleCloseCode.InvalidToken, 'console token expired or already used');
      const user = await this.repo.activeUser(record.userId);
      if (!user) throw new Refusal(ConsoleCloseCode.Forbidden, 'account is not active');
      actor = { userId: user.id, email: user.email, via: 'jwt' };
      if (record.ip !== ip)
        throw new Refusal(
          ConsoleCloseCode.Forbidden,
          'console token was issued to another address',
        );
      if (browser.readyState !== browser.OPEN) return;

      // Nest's WsAdapter tries to JSON-parse every message for @SubscribeMessage handlers; this
      // gateway has none, so drop that listener and keep the byte path lean.
      browser.removeAllListeners('message');
      upstream = await this.openUpstream(record);
      const upReader = new WsByteReader(upstream, this.options.preludeTimeoutMs);
      let upLeftover: Buffer;
      let browserLeftover: Buffer = Buffer.alloc(0);
      if (record.mode === 'vnc') {
        await authenticateUpstream(upstream, upReader, record.pve.password ?? record.pve.ticket);
        upLeftover = upReader.detach();
        const browserReader = new WsByteReader(browser, this.options.preludeTimeoutMs);
        browser.resume();
        await offerNoAuth(browser, browserReader);
        browserLeftover = browserReader.detach();
      } else {
        await loginTermproxy(upstream, upReader, record.pve);
        upLeftover = upReader.detach();
      }
      if (browser.readyState !== browser.OPEN)
        throw new Refusal(ConsoleCloseCode.Normal, 'viewer left');
      if (upLeftover.length) browser.send(upLeftover, { binary: true });
      if (browserLeftover.length) upstream.send(browserLeftover, { binary: true });
      this.pending.delete(browser);
      this.startRelay(browser, upstream, record, actor, ip);
    } catch (err) {
      this.pending.delete(browser);
      upstream?.terminate();
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
      if (browser.readyState === browser.OPEN) {
        // Read again so the viewer's close reply arrives and the socket ends promptly.
        browser.resume();
        browser.close(refusal.code, refusal.message);
      }
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
    for (const ws of this.pending)
      ws.close(ConsoleCloseCode.ServerShutdown, 'server shutting down');
  }

  private startRelay(
    browser: WebSocket,
    upstream: WebSocket,
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
    const handle = relayWebSockets(
      browser,
      upstream,
      {
        idleTimeoutMs: this.options.idleTimeoutMs,
        highWaterMark: this.options.highWaterMark,
        isKeepAlive: record.mode === 'term' ? (d) => d.length === 1 && d[0] === 0x32 : undefined,
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

  private async openUpstream(record: ConsoleTokenRecord): Promise<WebSocket> {
    const cluster = await this.clusters.connect(record.target.clusterId);
    if (!cluster)
      throw new Refusal(ConsoleCloseCode.UpstreamFailed, 'the cluster no longer exists');
    const target = await cluster.api.consoleWebSocket(record.target, record.pve);
    return new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(target.url, ['binary'], {
        headers: target.headers,
        agent: target.agent,
        perMessageDeflate: false,
        handshakeTimeout: this.options.preludeTimeoutMs,
      });
      ws.once('open', () => {
        // Later errors are handled by the prelude reader and the relay; never let one go unheard.
        ws.on('error', () => undefined);
        resolve(ws);
      });
      ws.once('unexpected-response', (_req, res) => {
        ws.terminate();
        reject(
          new PreludeError(
            `Proxmox refused the console (${res.statusCode} ${res.statusMessage ?? ''})`.trim(),
          ),
        );
      });
      ws.once('error', (err) => reject(new PreludeError(`cannot reach Proxmox: ${err.message}`)));
    });
  }

  private trustFn(): TrustFn | undefined {
    const instance = this.adapterHost.httpAdapter?.getInstance() as
      { get?: (key: string) => unknown } | undefined;
    return instance?.get?.('trust proxy fn') as TrustFn | undefined;
  }
}
