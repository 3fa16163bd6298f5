import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';

// Take the lease if nobody holds it or this run already does; refresh its expiry either way. Used
// to take it, to renew it, and to put it back after Redis lost its data.
const TAKE = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * "This tracked job is being run right now": a Redis key per running job with an expiry, renewed
 * while the handler runs. A second copy of a job (re-enqueued by recovery while its first run was
 * still alive, e.g. after Redis lost its data) sees the lease and waits instead of running the
 * same steps twice, even in the same process. A killed worker's leases expire on their own.
 */
export class JobLeases {
  /** job id → the token of the run holding its lease here. */
  private readonly held = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  /** Set by stop(): a stopped process takes no lease and renews none, ever again. */
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    private readonly keyOf: (jobId: string) => string,
    readonly leaseMs: number,
  ) {}

  async take(jobId: string): Promise<boolean> {
    if (this.stopped) return false;
    const token = randomUUID();
    const ok = Number(await this.redis.eval(TAKE, 1, this.keyOf(jobId), token, this.leaseMs));
    // Stopped while asking: the lease just taken lapses by itself, as a crashed process's would.
    // (Before, such a take restarted the renewal timer that stop() had cleared, so a stopped
    // process kept renewing the lease for as long as its Redis connection lived, and other
    // workers delayed the job meanwhile.)
    if (ok !== 1 || this.stopped) return false;
    this.held.set(jobId, token);
    this.startRenewing();
    return true;
  }

  async release(jobId: string): Promise<void> {
    const token = this.held.get(jobId);
    if (!token) return;
    this.held.delete(jobId);
    await this.redis.eval(RELEASE, 1, this.keyOf(jobId), token).catch(() => 0);
  }

  /** Whether a live run (in any process) holds the job's lease. */
  async isHeld(jobId: string): Promise<boolean> {
    return (await this.redis.exists(this.keyOf(jobId))) === 1;
  }

  /** Renew (or restore) every lease this process holds. */
  async renewAll(): Promise<void> {
    if (this.stopped) return;
    await Promise.all(
      [...this.held].map(([id, token]) =>
        this.redis.eval(TAKE, 1, this.keyOf(id), token, this.leaseMs).catch(() => 0),
      ),
    );
  }

  /** Renewal period: a third of the lease, so two missed renewals still keep it. */
  get renewEveryMs(): number {
    return Math.max(100, Math.floor(this.leaseMs / 3));
  }

  private startRenewing(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.renewAll(), this.renewEveryMs);
    this.timer.unref();
  }

  /** Stop renewing (the leases then expire on their own, as after a crash). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
