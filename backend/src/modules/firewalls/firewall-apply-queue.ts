import { setTimeout as delay } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { RedisService } from '../../common/redis/redis.service';
import { FirewallsRepository } from './firewalls.repository';

/** Removes `head` only while it is still the first entry (two waiters may both find it stale). */
const DROP_HEAD = `
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then
  return redis.call('LPOP', KEYS[1])
end
return false
`;

/** A change the API claimed but whose job it has not recorded yet counts as alive this long. */
const UNSTARTED_GRACE_MS = 60_000;
/** The queue key lives this long after its last push (only a forgotten list expires). */
const KEY_TTL_S = 24 * 3600;

/**
 * One change set at a time per firewall, in the order the applies were accepted (issue 21). The
 * firewall has one configuration and one savepoint timer: two applies interleaved would confirm or
 * revert each other's operations. The API appends the change to the firewall's list in Redis when
 * it accepts the apply; the job waits until its change is first, and leaves the list when it ends.
 * A first entry whose change is no longer `applying` or whose job has ended (a killed API or a job
 * that failed without cleaning up) is dropped by the next waiter, so one lost job cannot block
 * the firewall. A resumed job finds its change still first and goes on.
 */
@Injectable()
export class FirewallApplyQueue {
  constructor(
    private readonly redis: RedisService,
    private readonly repo: FirewallsRepository,
  ) {}

  private key(firewallId: string): string {
    return this.redis.key('firewalls', 'apply-queue', firewallId);
  }

  /** API side: the change joins the end of its firewall's queue. */
  async enqueue(firewallId: string, changeId: string): Promise<void> {
    const key = this.key(firewallId);
    await this.redis.client.multi().rpush(key, changeId).expire(key, KEY_TTL_S).exec();
  }

  /** The change leaves the queue (its job ended, or it could not be started). */
  async leave(firewallId: string, changeId: string): Promise<void> {
    await this.redis.client.lrem(this.key(firewallId), 0, changeId);
  }

  /** The changes waiting or being applied for a firewall, first = being applied. */
  list(firewallId: string): Promise<string[]> {
    return this.redis.client.lrange(this.key(firewallId), 0, -1);
  }

  /**
   * Worker side: resolves when `changeId` is first in its firewall's queue. `onWait` is called
   * once per change it waits behind. A change missing from the list (Redis lost it) joins the end.
   */
  async waitTurn(
    firewallId: string,
    changeId: string,
    opts: { signal?: AbortSignal; onWait?: (aheadId: string) => Promise<void> } = {},
  ): Promise<void> {
    const key = this.key(firewallId);
    const seen = new Map<string, number>();
    for (let pause = 50; ; pause = Math.min(pause * 2, 500)) {
      if (opts.signal?.aborted) throw new Error('cancelled while waiting for an earlier change');
      const head = await this.redis.client.lindex(key, 0);
      if (head === changeId) return;
      if (head === null || (await this.redis.client.lpos(key, changeId)) === null) {
        await this.enqueue(firewallId, changeId);
        continue;
      }
      if (!seen.has(head)) {
        seen.set(head, Date.now());
        await opts.onWait?.(head);
      }
      if (!(await this.alive(head, seen.get(head)!))) {
        await this.redis.client.eval(DROP_HEAD, 1, key, head);
        continue;
      }
      await delay(pause, undefined, opts.signal ? { signal: opts.signal } : undefined).catch(
        () => undefined,
      );
    }
  }

  /** Whether the change first in a queue is still being applied (or about to be). */
  private async alive(changeId: string, firstSeen: number): Promise<boolean> {
    const c = await this.repo.changeForJob(changeId);
    if (!c || c.status !== 'applying') return false;
    if (!c.jobId) return Date.now() - firstSeen < UNSTARTED_GRACE_MS;
    const status = await this.repo.jobStatus(c.jobId);
    return status === 'queued' || status === 'running';
  }
}
