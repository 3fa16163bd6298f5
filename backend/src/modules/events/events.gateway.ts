import type { IncomingMessage } from 'node:http';
import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import type { LiveEvent } from '../../common/events/events.publisher';
import { EVENTS_CHANNEL } from '../../common/events/events.publisher';
import { PrincipalService } from '../../common/auth/principal.service';
import { scopeIncludesCompany, type Scope } from '../../common/auth/scope';
import { RedisService } from '../../common/redis/redis.service';

interface Client {
  scope: Scope;
  userId: string;
}

// GET /api/events?token=<accessToken>; messages are JSON { type, payload } filtered by the caller's scope.
@WebSocketGateway({ path: '/api/events' })
export class EventsGateway
  implements OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, OnModuleDestroy
{
  private readonly logger = new Logger('Events');
  private readonly clients = new Map<WebSocket, Client>();
  private readonly onMessage = (channel: string, raw: string) => this.relay(channel, raw);

  constructor(
    private readonly principals: PrincipalService,
    private readonly redis: RedisService,
  ) {}

  async onModuleInit(): Promise<void> {
    const sub = this.redis.getSubscriber();
    sub.on('message', this.onMessage);
    await sub.subscribe(this.redis.key(EVENTS_CHANNEL)).catch((err: Error) => {
      this.logger.warn(`cannot subscribe to live events: ${err.message}`);
    });
  }

  onModuleDestroy(): void {
    this.redis.getSubscriber().off('message', this.onMessage);
    for (const ws of this.clients.keys()) ws.close(1001, 'server shutting down');
  }

  async handleConnection(ws: WebSocket, req: IncomingMessage): Promise<void> {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
    if (!token) return ws.close(4401, 'token required');
    try {
      const { principal, scope } = await this.principals.resolve(
        token,
        req.socket.remoteAddress ?? null,
      );
      this.clients.set(ws, { scope, userId: principal.userId });
      ws.send(JSON.stringify({ type: 'hello', payload: { userId: principal.userId } }));
    } catch {
      ws.close(4401, 'invalid token');
    }
  }

  handleDisconnect(ws: WebSocket): void {
    this.clients.delete(ws);
  }

  private relay(channel: string, raw: string): void {
    if (channel !== this.redis.key(EVENTS_CHANNEL)) return;
    let event: LiveEvent;
    try {
      event = JSON.parse(raw) as LiveEvent;
    } catch {
      return;
    }
    const message = JSON.stringify({ type: event.type, payload: event.payload });
    for (const [ws, client] of this.clients) {
      const visible =
        client.scope.kind === 'all' ||
        (event.companyId !== null &&
          scopeIncludesCompany(client.scope, event.companyId) &&
          (client.scope.kind !== 'vm_grants' ||
            !event.userIds ||
            event.userIds.includes(client.userId)));
      if (visible && ws.readyState === ws.OPEN) ws.send(message);
    }
  }
}
