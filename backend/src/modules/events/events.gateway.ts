import type { IncomingMessage } from 'node:http';
import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import { Permission } from '@multpanel/contracts';
import { decodeJwt } from 'jose';
import type { WebSocket } from 'ws';
import { mapLimit } from '../../common/async/map-limit';
import { ACCESS_REVOKED_CHANNEL, type RevokedAccess } from '../../common/auth/access-revocations';
import { isApiKey } from '../../common/auth/api-key-format';
import { PrincipalService } from '../../common/auth/principal.service';
import type { Principal, Scope } from '../../common/auth/scope';
import type { LiveEvent } from '../../common/events/events.publisher';
import { EVENTS_CHANNEL } from '../../common/events/events.publisher';
import { RedisService } from '../../common/redis/redis.service';
import { AppConfig } from '../../config/app-config';
import { isVisible, isRevoked } from './live-access';

// 4401 makes the SPA refresh its session and reconnect (with the rights it holds now); 4403 is final.
export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_FORBIDDEN = 4403;
export const EVENTS_PERMISSION = Permission.VmRead;

interface Client {
  token: string;
  ip: string | null;
  principal: Principal;
  scope: Scope;
  expiryTimer?: NodeJS.Timeout;
}

/**
 * GET /api/events?token=<accessToken or API key>; messages are JSON { type, payload } filtered by
 * the caller's scope. The caller's rights are not fixed at connect: the principal is resolved again
 * every EVENTS_RECHECK_SECONDS (30 s at most) and when its token expires, and a socket closes at
 * once when any API process announces that its access ended or changed (AccessRevocations).
 */
@WebSocketGateway({ path: '/api/events' })
export class EventsGateway
  implements OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, OnModuleDestroy
{
  private readonly logger = new Logger('Events');
  private readonly clients = new Map<WebSocket, Client>();
  private readonly onMessage = (channel: string, raw: string) => this.dispatch(channel, raw);
  private recheckTimer?: NodeJS.Timeout;
  private rechecking = false;

  constructor(
    private readonly principals: PrincipalService,
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const sub = this.redis.getSubscriber();
    sub.on('message', this.onMessage);
    const channels = [EVENTS_CHANNEL, ACCESS_REVOKED_CHANNEL].map((c) => this.redis.key(c));
    await sub.subscribe(...channels).catch((err: Error) => {
      this.logger.warn(`cannot subscribe to live events: ${err.message}`);
    });
    this.recheckTimer = setInterval(
      () => void this.recheckAll(),
      this.config.env.EVENTS_RECHECK_SECONDS * 1000,
    );
    this.recheckTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.recheckTimer);
    this.redis.getSubscriber().off('message', this.onMessage);
    for (const ws of this.clients.keys()) this.close(ws, 1001, 'server shutting down');
  }

  async handleConnection(ws: WebSocket, req: IncomingMessage): Promise<void> {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
    if (!token) return ws.close(CLOSE_UNAUTHENTICATED, 'token required');
    const ip = req.socket.remoteAddress ?? null;
    let resolved: { principal: Principal; scope: Scope };
    try {
      resolved = await this.principals.resolve(token, ip);
    } catch {
      return ws.close(CLOSE_UNAUTHENTICATED, 'invalid token');
    }
    if (!resolved.principal.permissions.includes(EVENTS_PERMISSION)) {
      return ws.close(CLOSE_FORBIDDEN, `missing permission ${EVENTS_PERMISSION}`);
    }
    if (ws.readyState !== ws.OPEN) return;
    const client: Client = { token, ip, ...resolved };
    client.expiryTimer = this.expiryTimer(ws, token);
    this.clients.set(ws, client);
    ws.send(JSON.stringify({ type: 'hello', payload: { userId: resolved.principal.userId } }));
  }

  handleDisconnect(ws: WebSocket): void {
    clearTimeout(this.clients.get(ws)?.expiryTimer);
    this.clients.delete(ws);
  }

  /** Closes the socket when its access token expires (API keys: at the periodic re-check). */
  private expiryTimer(ws: WebSocket, token: string): NodeJS.Timeout | undefined {
    if (isApiKey(token)) return undefined;
    const exp = decodeJwt(token).exp;
    if (typeof exp !== 'number') return undefined;
    const timer = setTimeout(
      () => this.close(ws, CLOSE_UNAUTHENTICATED, 'token expired'),
      Math.max(0, exp * 1000 - Date.now()),
    );
    timer.unref();
    return timer;
  }

  /** Resolves every socket's principal again: closes those that lost access, updates the rest. */
  async recheckAll(): Promise<void> {
    if (this.rechecking) return;
    this.rechecking = true;
    try {
      await mapLimit([...this.clients], 8, ([ws, client]) => this.recheck(ws, client));
    } finally {
      this.rechecking = false;
    }
  }

  private async recheck(ws: WebSocket, client: Client): Promise<void> {
    try {
      const { principal, scope } = await this.principals.resolve(client.token, client.ip);
      if (!principal.permissions.includes(EVENTS_PERMISSION)) {
        return this.close(ws, CLOSE_FORBIDDEN, `missing permission ${EVENTS_PERMISSION}`);
      }
      client.principal = principal;
      client.scope = scope;
    } catch {
      this.close(ws, CLOSE_UNAUTHENTICATED, 'access ended');
    }
  }

  private close(ws: WebSocket, code: number, reason: string): void {
    this.handleDisconnect(ws);
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
  }

  private dispatch(channel: string, raw: string): void {
    if (channel === this.redis.key(EVENTS_CHANNEL)) this.relay(raw);
    else if (channel === this.redis.key(ACCESS_REVOKED_CHANNEL)) this.revoke(raw);
  }

  // Access changed: close at once; the SPA reconnects with whatever rights remain.
  private revoke(raw: string): void {
    let targets: RevokedAccess[];
    try {
      targets = JSON.parse(raw) as RevokedAccess[];
    } catch {
      return;
    }
    for (const [ws, client] of this.clients) {
      if (targets.some((t) => isRevoked(t, client.principal, client.scope))) {
        this.close(ws, CLOSE_UNAUTHENTICATED, 'access changed');
      }
    }
  }

  private relay(raw: string): void {
    let event: LiveEvent;
    try {
      event = JSON.parse(raw) as LiveEvent;
    } catch {
      return;
    }
    const message = JSON.stringify({ type: event.type, payload: event.payload });
    for (const [ws, client] of this.clients) {
      if (isVisible(event, client.scope, client.principal.userId) && ws.readyState === ws.OPEN) {
        ws.send(message);
      }
    }
  }
}
