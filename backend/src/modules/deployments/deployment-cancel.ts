import { Injectable } from '@nestjs/common';
import { RedisService } from '../../common/redis/redis.service';

const TTL_S = 24 * 3600;

/**
 * Cooperative cancel of a deployment job: the API sets a flag in Redis (shared with the worker), the
 * runner looks at it between steps. A step already running on the guest finishes first.
 */
@Injectable()
export class DeploymentCancelFlags {
  constructor(private readonly redis: RedisService) {}

  private key(jobId: string): string {
    return this.redis.key('deployment-cancel', jobId);
  }

  async request(jobId: string): Promise<void> {
    await this.redis.client.set(this.key(jobId), '1', 'EX', TTL_S);
  }

  async requested(jobId: string): Promise<boolean> {
    return (await this.redis.client.exists(this.key(jobId))) === 1;
  }

  async clear(jobId: string): Promise<void> {
    await this.redis.client.del(this.key(jobId));
  }
}
