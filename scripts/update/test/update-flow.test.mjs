// The self-update proof: an installation of this code (v1.0.0) under PM2 on real MariaDB and Redis,
// updated from a local bare remote to v1.1.0 (a migration and a changed page) under 50 requests/s with no
// failed request; an update to v1.2.0 (a migration that fails halfway) rolled back automatically with no
// row lost; and a rollback through the API back to v1.0.0 with its database backup.
// Needs TEST_DATABASE_URL (server URL without a database) and REDIS_URL; `npm test -- --only update`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { buildAll } from '../../lib/build.mjs';
import { ROOT } from '../../lib/deps.mjs';
import { freePort } from '../../lib/proc.mjs';
import { clearRedisPrefix, dropDatabase, withDatabase } from '../../lib/services.mjs';
import { installV1, makeRemote, V1, V2, V2_PAGE_MARK, V3 } from './release-fixture.mjs';
import { hasChromium, updateThroughBrowser } from './browser-flow.mjs';
import * as h from './harness.mjs';

const DB_BASE = process.env.TEST_DATABASE_URL;
const skip = !DB_BASE ? 'TEST_DATABASE_URL is not set (run through npm test)' : false;
const figures = {};
let ctx;

before(async () => {
  if (skip) return;
  buildAll();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-update-'));
  const dbName = `mp_upd_${Date.now().toString(36)}`;
  const port = await freePort();
  const pm2Bin = h.ensurePm2(ROOT);
  const remote = makeRemote(ROOT, tmp);
  const dir = installV1(ROOT, remote, tmp);
  const envFile = path.join(tmp, 'multpanel.env');
  const databaseUrl = withDatabase(DB_BASE, dbName);
  const pm2Home = path.join(tmp, 'pm2');
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const redisPrefix = `mp-upd-${process.pid}`;
  h.writeEnvFile(envFile, {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: port,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: redisPrefix,
    ...h.secrets(),
    LOG_LEVEL: 'warn',
    DEMO_MODE: 'false',
    UPDATE_PM2: pm2Bin,
    UPDATE_MIN_FREE_MB: '256',
    PM2_HOME: pm2Home,
    // The load below is 50 requests/s from one user and one address: above the per-principal limit.
    RATE_LIMIT_PRINCIPAL_PER_SEC: '200',
    RATE_LIMIT_IP_PER_SEC: '200',
  });
  const env = {
    ...process.env,
    MULTPANEL_ENV_FILE: envFile,
    PM2_HOME: pm2Home,
    NODE_ENV: 'production',
  };
  for (const k of ['DATABASE_URL', 'JWT_SECRET', 'ENCRYPTION_KEY', 'TEST_DATABASE_URL'])
    delete env[k];
  const cli = (...args) => {
    const r = spawnSync(process.execPath, [path.join(dir, 'backend/dist/cli.js'), ...args], {
      cwd: dir,
      env: {
        ...env,
        ...Object.fromEntries(
          fs
            .readFileSync(envFile, 'utf8')
            .trim()
            .split('\n')
            .map((l) => l.split(/=(.*)/s).slice(0, 2)),
        ),
      },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`cli ${args[0]}: ${r.stderr || r.stdout}`);
  };
  cli('migrate');
  cli(
    'create-admin',
    '--email',
    'root@update.test',
    '--name',
    'Root',
    '--password',
    'update-test-pass-1',
  );
  h.pm2(pm2Bin, env, ['start', path.join(dir, 'ecosystem.config.js')]);
  const base = `http://127.0.0.1:${port}`;
  await h.waitHealthy(base, V1);
  const api = h.client(base);
  await api.login('root@update.test', 'update-test-pass-1');
  ctx = { tmp, dir, dbName, databaseUrl, base, api, env, envFile, pm2Bin, redisUrl, redisPrefix };
});

after(async () => {
  if (!ctx) return;
  try {
    h.pm2(ctx.pm2Bin, ctx.env, ['kill']);
  } catch {
    // already gone
  }
  await dropDatabase(DB_BASE, ctx.dbName).catch(() => undefined);
  await clearRedisPrefix(ctx.redisUrl, ctx.redisPrefix).catch(() => undefined);
  if (process.env.KEEP_UPDATE_TMP) console.log(`kept ${ctx.tmp}`);
  else fs.rmSync(ctx.tmp, { recursive: true, force: true });
  console.log(`figures: ${JSON.stringify(figures)}`);
});

async function waitActiveRun(api) {
  for (let i = 0; i < 240; i++) {
    const info = await api.get('/system/updates/info').catch(() => null);
    if (info?.data?.activeRunId) return info.data.activeRunId;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('no update started');
}

const companyCount = () => Number(h.sql(ctx.databaseUrl, 'SELECT COUNT(*) FROM `Company`')[0][0]);

test('the release source lists v1.1.0 and v1.2.0 with their changelog', { skip }, async () => {
  const check = await ctx.api.get('/system/updates/check');
  assert.equal(check.status, 200, JSON.stringify(check.data));
  assert.equal(check.data.current, V1);
  assert.deepEqual(
    check.data.available.map((r) => r.version),
    [V3, V2],
  );
  const log = await ctx.api.get(`/system/updates/changelog/${V2}`);
  assert.equal(log.status, 200);
  assert.deepEqual(
    log.data.sections.map((s) => s.version),
    [V2],
  );
  assert.match(log.data.sections[0].body, /ReleaseProbe/);
  const info = await ctx.api.get('/system/updates/info');
  assert.equal(info.data.version, V1);
  assert.equal(info.data.tag, `v${V1}`);
  assert.ok(info.data.pm2.some((p) => p.name === 'multpanel-api' && p.status === 'online'));
  assert.equal((await ctx.api.get('/system/updates/changelog/9.9.9')).status, 404);
});

// Access tokens are short-lived; each step signs in again.
const relogin = () => ctx.api.login('root@update.test', 'update-test-pass-1');

test('update to v1.1.0 under 50 requests/s: no failed request, data intact', { skip }, async () => {
  await relogin();
  const ids = [];
  for (let i = 0; i < 20; i++) {
    const r = await ctx.api.post('/companies', { name: `Customer ${i}` });
    assert.equal(r.status, 201, JSON.stringify(r.data));
    ids.push(r.data.id);
  }
  ctx.ids = ids;
  ctx.companies = companyCount();
  const load = h.startLoad(ctx.base, ctx.api.token, ids, 50);
  let runId;
  let seen = null;
  let stats;
  try {
    await new Promise((r) => setTimeout(r, 2000));
    if (hasChromium()) {
      // The super_admin's way: System → Updates in the browser (the browser test).
      const pending = updateThroughBrowser({
        base: ctx.base,
        email: 'root@update.test',
        password: 'update-test-pass-1',
        version: V2,
        changelogText: 'ReleaseProbe',
      });
      runId = await waitActiveRun(ctx.api);
      const busy = await ctx.api.post('/system/updates/execute', { version: V3 });
      assert.equal(busy.status, 409, 'a second update is refused while one runs');
      seen = await pending;
    } else {
      console.log(
        'Chromium is not installed: the update is started through the API, not the browser',
      );
      const started = await ctx.api.post('/system/updates/execute', { version: V2 });
      assert.equal(started.status, 202, JSON.stringify(started.data));
      const busy = await ctx.api.post('/system/updates/execute', { version: V3 });
      assert.equal(busy.status, 409, 'a second update is refused while one runs');
      runId = started.data.runId;
    }
  } finally {
    if (runId) await h.waitRun(ctx.api, runId).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 2000));
    stats = await load.stop();
  }
  const { run, log } = await h.waitRun(ctx.api, runId);
  if (seen) {
    assert.equal(seen.runId, runId);
    assert.match(seen.logText, /applied 29990101000000_add_release_probe/);
    assert.match(seen.logText, /healthy: .* reports 1\.1\.0/);
    assert.match(
      seen.history,
      /root@update\.test[\s\S]*1\.0\.0[\s\S]*Update 1\.1\.0[\s\S]*Succeeded/,
    );
  }
  figures.updateSeconds = run.durationMs / 1000;
  figures.requestsDuringUpdate = stats.sent;
  figures.failedDuringUpdate = stats.failed;
  figures.slowestRequestMs = stats.maxMs;
  assert.equal(run.status, 'succeeded', `${run.error}\n${log.map((e) => e.line).join('\n')}`);
  assert.equal(stats.failed, 0, `failed requests: ${stats.failures.join('; ')}`);
  assert.ok(stats.sent > 100, `load generator sent only ${stats.sent}`);
  const health = await h.waitHealthy(ctx.base, V2);
  assert.equal(health.version, V2);
  assert.equal(companyCount(), ctx.companies);
  assert.deepEqual(h.sql(ctx.databaseUrl, 'SELECT note FROM `ReleaseProbe`'), [['added by 1.1.0']]);
  const assets = fs
    .readdirSync(path.join(ctx.dir, 'frontend/dist/assets'))
    .map((f) => fs.readFileSync(path.join(ctx.dir, 'frontend/dist/assets', f), 'utf8'));
  assert.ok(
    assets.some((a) => a.includes(V2_PAGE_MARK)),
    'the changed page is served',
  );
});

test(
  'update to v1.2.0 fails in its migration and rolls back to v1.1.0 with no row lost',
  { skip },
  async () => {
    await relogin();
    h.sql(
      ctx.databaseUrl,
      "INSERT INTO `ReleaseProbe` (`id`, `note`) VALUES (2, 'written on 1.1.0')",
    );
    const res = await h.runScript(path.join(ctx.dir, 'update-platform.sh'), ['--to', `v${V3}`], {
      cwd: ctx.dir,
      env: ctx.env,
    });
    assert.equal(res.status, 1, `the script reports the failure\n${res.stdout}\n${res.stderr}`);
    assert.match(res.stdout, /rolling back to 1\.1\.0/);
    const history = await ctx.api.get('/system/updates/history');
    const run = history.data[0];
    assert.equal(run.status, 'rolled_back');
    assert.match(run.error, /migration 29990102000000_broken_release failed/);
    figures.autoRollbackSeconds =
      run.steps
        .filter((s) => s.name.startsWith('rollback:'))
        .reduce((t, s) => t + (s.durationMs ?? 0), 0) / 1000;
    assert.equal((await h.waitHealthy(ctx.base, V2)).version, V2);
    assert.equal(companyCount(), ctx.companies);
    assert.deepEqual(h.sql(ctx.databaseUrl, 'SELECT id FROM `ReleaseProbe` ORDER BY id'), [
      ['1'],
      ['2'],
    ]);
    assert.equal(h.tableExists(ctx.databaseUrl, 'BrokenProbe'), false, "v1.2.0's table is gone");
    assert.deepEqual(
      h.sql(
        ctx.databaseUrl,
        "SELECT COUNT(*) FROM `_prisma_migrations` WHERE migration_name LIKE '2999%'",
      ),
      [['1']],
    );
  },
);

test('rollback from the API returns to v1.0.0 with its database backup', { skip }, async () => {
  await relogin();
  const started = await ctx.api.post('/system/updates/rollback');
  assert.equal(started.status, 202, JSON.stringify(started.data));
  const { run, log } = await h.waitRun(ctx.api, started.data.runId);
  assert.equal(run.status, 'succeeded', `${run.error}\n${log.map((e) => e.line).join('\n')}`);
  figures.rollbackSeconds = run.durationMs / 1000;
  assert.equal((await h.waitHealthy(ctx.base, V1)).version, V1);
  assert.equal(
    h.tableExists(ctx.databaseUrl, 'ReleaseProbe'),
    false,
    "v1.0.0's dump has no ReleaseProbe",
  );
  assert.equal(companyCount(), ctx.companies);
  const runs = (await ctx.api.get('/system/updates/history')).data;
  assert.deepEqual(
    runs.map((r) => `${r.kind}:${r.status}`),
    ['rollback:succeeded', 'update:rolled_back', 'update:succeeded'],
  );
  assert.equal(runs[2].rolledBackBy, run.id);
  assert.equal(
    (await ctx.api.post('/system/updates/rollback')).status,
    404,
    'nothing left to roll back',
  );
});
