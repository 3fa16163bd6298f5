import { HEARTBEAT_INDEX, heartbeatKey } from '../../src/modules/health/heartbeat';
import { deleteRedisKeys } from '../helpers/isolated-env';
import { TestContext } from '../helpers/test-context';

describe('GET /api/health', () => {
  it('is 200 with database, Redis and worker heartbeats up, and counts the live workers', async () => {
    // Own Redis prefix: other suites' workers beat in the shared one.
    const prefix = `mp-test-health-${process.pid}-${Date.now().toString(36)}`;
    const ctx = await TestContext.create({ env: { REDIS_PREFIX: prefix } });
    const beat = (id: string, at = new Date()) =>
      ctx.redis.client
        .multi()
        .set(ctx.redis.key(...heartbeatKey(id)), at.toISOString(), 'EX', 20)
        .sadd(ctx.redis.key(...HEARTBEAT_INDEX), id)
        .exec();
    try {
      const newest = new Date();
      await beat('w1', new Date(newest.getTime() - 3000));
      await beat('w2', newest);
      const res = await ctx.http.get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        version: ctx.config.version,
        checks: {
          database: { status: 'up' },
          redis: { status: 'up' },
          worker: { status: 'up', alive: 2 },
        },
      });
      expect(res.body.uptimeSeconds).toEqual(expect.any(Number));
      expect(res.body.checks.database.latencyMs).toEqual(expect.any(Number));
      // The newest beat of all workers.
      expect(res.body.checks.worker.lastHeartbeatAt).toBe(newest.toISOString());

      // A worker whose key expired no longer counts, and leaves the index.
      await ctx.redis.client.del(ctx.redis.key(...heartbeatKey('w2')));
      const one = await ctx.http.get('/api/health');
      expect(one.body.checks.worker).toMatchObject({ status: 'up', alive: 1 });
      expect(await ctx.redis.client.smembers(ctx.redis.key(...HEARTBEAT_INDEX))).toEqual(['w1']);

      await ctx.redis.client.del(ctx.redis.key(...heartbeatKey('w1')));
      const noWorker = await ctx.http.get('/api/health');
      expect(noWorker.status).toBe(200);
      expect(noWorker.body.status).toBe('degraded');
      expect(noWorker.body.checks.worker).toMatchObject({ status: 'down', alive: 0 });
    } finally {
      await ctx.close();
      await deleteRedisKeys(prefix);
    }
  });

  it('is 503 when Redis is unreachable', async () => {
    const ctx = await TestContext.create({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const res = await ctx.http.get('/api/health');
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('degraded');
      expect(res.body.checks.redis.status).toBe('down');
      expect(res.body.checks.redis.error).toEqual(expect.any(String));
      expect(res.body.checks.database.status).toBe('up');
      expect(res.body.checks.worker).toEqual({ status: 'unknown' });
      // Liveness stays 200: the process itself is fine, only a dependency is down.
      const live = await ctx.http.get('/api/health/live');
      expect(live.status).toBe(200);
      expect(live.body).toEqual({ status: 'ok' });
    } finally {
      await ctx.close();
    }
  });

  it('is 503 when the database is unreachable', async () => {
    const ctx = await TestContext.create({
      env: { DATABASE_URL: 'mysql://root@127.0.0.1:1/nowhere' },
    });
    try {
      const res = await ctx.http.get('/api/health');
      expect(res.status).toBe(503);
      expect(res.body.checks.database.status).toBe('down');
    } finally {
      await ctx.close();
    }
  });
});
