import { Injectable } from '@nestjs/common';
import { RedisService } from '../redis/redis.service';

export interface LiveEvent<T = unknown> {
  type: string;
  // Delivered to sockets whose scope includes this company; null = super_admin only.
  companyId: string | null;
  // When set, principals narrowed to granted guests (role `user`) receive it only if listed here.
  userIds?: string[];
  payload: T;
}

export const EVENTS_CHANNEL = 'events';

// Any process (API or worker) publishes; every API process relays to its WebSocket clients.
@Injectable()
export class EventsPublisher {
  constructor(private readonly redis: RedisService) {}

  async publish<T>(event: LiveEvent<T>): Promise<void> {
    await this.redis.client.publish(this.redis.key(EVENTS_CHANNEL), JSON.stringify(event));
  }
}
