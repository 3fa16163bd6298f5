import { HEARTBEAT_KEY } from '../../src/modules/health/heartbeat';
import { TestContext } from '../helpers/test-context';

describe('GET /api/health', () => {
  it('is 200 with database, Redis and worker heartbeat up', async () => {
    const ctx = await TestContext.create();
    try {
      await ctx.redis.client.set(
        ctx.redis.key(...HEARTBEAT_KEY),
        new Date().toISOString(),
        'EX',
        20,
      );
      const res = await ctx.http.get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        version: ctx.config.version,
        checks: { database: { status: 'up' }, redis: { status: 'up' }, worker: { status: 'up' } },
      });
      expect(res.body.uptimeSeconds).toEqual(expect.any(Number));
      expect(res.body.checks.database.latencyMs).toEqual(expect.any(Number));

      await ctx.redis.client.del(ctx.redis.key(...HEARTBEAT_KEY));
      const noWorker = await ctx.http.get('/api/health');
      expect(noWorker.status).toBe(200);
      expect(noWorker.body.status).toBe('degraded');
      expect(noWorker.body.checks.worker.status).toBe('down');
    } finally {
      await ctx.close();
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
