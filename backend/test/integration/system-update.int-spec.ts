import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expectApiResponse } from '../helpers/api-response';
import { TestContext, type LoggedIn } from '../helpers/test-context';

// The routes over the update engine, in this checkout. The update itself (a real installation under
// PM2, releases on a git remote) is proven by scripts/update/test/update-flow.test.mjs.
describe('System → Updates API', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'mp-update-state-'));
  const root = resolve(__dirname, '..', '..', '..');
  let ctx: TestContext;
  let admin: LoggedIn;
  let companyAdmin: LoggedIn;

  beforeAll(async () => {
    ctx = await TestContext.create({
      env: { UPDATE_STATE_DIR: stateDir, UPDATE_REMOTE: 'no-such-remote', UPDATE_PM2: 'none' },
    });
    admin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    companyAdmin = await ctx.login(await ctx.newUser({ role: 'company_admin' }));
  });

  afterAll(async () => {
    await ctx.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('is for super_admin only', async () => {
    for (const [method, url] of [
      ['get', '/api/system/updates/info'],
      ['get', '/api/system/updates/history'],
      ['post', '/api/system/updates/execute'],
      ['post', '/api/system/updates/rollback'],
    ] as const) {
      const res = await ctx.http[method](url).set(companyAdmin.auth).send({ version: '1.0.0' });
      expect(res.status).toBe(403);
    }
  });

  it('reports the running release of this checkout', async () => {
    const res = await ctx.http.get('/api/system/updates/info').set(admin.auth);
    expect(res.status).toBe(200);
    expectApiResponse('GET /system/updates/info', res);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(res.body).toMatchObject({ version: pkg.version, installPath: root, activeRunId: null });
    expect(res.body.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(res.body.node).toBe(process.version);
  });

  it('refuses bad input with a clear 4xx, never a 500', async () => {
    const bad = await ctx.http.get('/api/system/updates/changelog/latest').set(admin.auth);
    expect(bad.status).toBe(400);
    const body = await ctx.http
      .post('/api/system/updates/execute')
      .set(admin.auth)
      .send({ version: '1.0; rm -rf /' });
    expect(body.status).toBe(400);
    const run = await ctx.http.get('/api/system/updates/runs/..%2F..%2Fetc').set(admin.auth);
    expect(run.status).toBe(404);
    const none = await ctx.http.post('/api/system/updates/rollback').set(admin.auth);
    expect(none.status).toBe(404);
    expect(none.body.message).toMatch(/no successful update/);
    expect((await ctx.http.get('/api/system/updates/history').set(admin.auth)).body).toEqual([]);
  });

  it('says when the release source cannot be reached', async () => {
    const res = await ctx.http.get('/api/system/updates/check').set(admin.auth);
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/cannot reach the update remote "no-such-remote"/);
  });

  it('lists a finished run and shows its steps and log as the engine wrote them', async () => {
    // A run file and its log in the engine's state layout (scripts/update/lib/state.mjs), as
    // an update with a skipped step leaves them.
    const id = '20261207T101500-abc123';
    const runs = join(stateDir, 'runs');
    mkdirSync(runs, { recursive: true });
    const at = (s: number) => new Date(Date.UTC(2026, 11, 7, 10, 15, s)).toISOString();
    const run = {
      id,
      kind: 'update',
      status: 'succeeded',
      from: { version: '1.0.0', commit: 'a'.repeat(40) },
      to: { version: '1.1.0', commit: 'b'.repeat(40), tag: 'v1.1.0' },
      actor: { type: 'user', userId: null, email: 'root@msp.test' },
      startedAt: at(0),
      steps: [
        {
          name: 'backup',
          status: 'succeeded',
          startedAt: at(1),
          durationMs: 900,
          finishedAt: at(2),
        },
        { name: 'migrate', status: 'skipped', reason: 'no new migrations', startedAt: at(3) },
      ],
      backup: '/var/backups/multpanel/v1.0.0.sql.gz',
      finishedAt: at(9),
      durationMs: 9000,
    };
    writeFileSync(join(runs, `${id}.json`), JSON.stringify(run, null, 2));
    writeFileSync(
      join(runs, `${id}.log`),
      [
        { seq: 1, at: at(0), step: null, line: 'update 1.0.0 → 1.1.0 started' },
        { seq: 2, at: at(1), step: 'backup', line: 'dumped the database' },
      ]
        .map((e) => JSON.stringify(e) + '\n')
        .join(''),
    );

    const history = await ctx.http.get('/api/system/updates/history').set(admin.auth);
    expectApiResponse('GET /system/updates/history', history);
    expect(history.body).toEqual([run]);
    const shown = await ctx.http.get(`/api/system/updates/runs/${id}`).set(admin.auth);
    expectApiResponse('GET /system/updates/runs/:id', shown);
    expect(shown.body.log.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
    const info = await ctx.http.get('/api/system/updates/info').set(admin.auth);
    expect(expectApiResponse('GET /system/updates/info', info)).toMatchObject({
      lastUpdate: { id },
    });
  });
});
