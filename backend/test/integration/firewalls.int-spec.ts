import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { startOpnSim, type RunningOpnSim } from '@multpanel/simulator';
import { AppConfig } from '../../src/config/app-config';
import { CoreModule } from '../../src/core.module';
import { FirewallsModule } from '../../src/modules/firewalls/firewalls.module';
import { JobsModule } from '../../src/modules/jobs/jobs.module';
import { expectApiResponse } from '../helpers/api-response';
import { clusterFor } from '../helpers/foreign-resources';
import { TestContext, type LoggedIn } from '../helpers/test-context';

// Edge firewalls on real MariaDB against the OPNsense simulator: registration with the key stored
// encrypted, tenancy, change sets (validation, diff preview, apply, version checks) and the
// automatic revert when the firewall stops answering after an apply. Applies run as tracked
// `firewalls.apply-change` jobs in a worker started here.
describe('firewalls', () => {
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let sim: RunningOpnSim;
  let staff: LoggedIn;
  let globexAdmin: LoggedIn;
  let globexUser: LoggedIn;
  let acmeAdmin: LoggedIn;
  let globex: string;
  let firewallId: string;
  let lan: string;
  /** the firewall's API calls in the order it got them (method, path, body) */
  const calls: Array<{ method: string; path: string; body: Record<string, unknown> }> = [];
  const KEY = 'K'.repeat(80);
  const SECRET = 'S3cr3t'.repeat(10);

  beforeAll(async () => {
    ctx = await TestContext.create({ modules: [FirewallsModule] });
    const config = ctx.config;
    @Module({
      imports: [
        CoreModule.forRoot(config),
        JobsModule.forWorker({ strict: false, schedulers: false, pollIntervalMs: 100 }),
        FirewallsModule.forWorker(),
      ],
      providers: [{ provide: AppConfig, useValue: config }],
    })
    class FirewallWorkerModule {}
    worker = await NestFactory.createApplicationContext(FirewallWorkerModule, {
      logger: false,
      abortOnError: false,
    });
    await worker.init();
    sim = await startOpnSim({
      quiet: true,
      users: [{ key: KEY, secret: SECRET }],
      rollbackMs: 4000,
      onRequest: (c) => calls.push(c),
    });
    const acme = (await ctx.newCompany({ name: 'Acme FW' })).id;
    globex = (await ctx.newCompany({ name: 'Globex FW' })).id;
    staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    globexAdmin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: globex }));
    globexUser = await ctx.login(await ctx.newUser({ role: 'user', companyId: globex }));
    acmeAdmin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme }));
    const third = 10 + Math.floor(Math.random() * 200);
    lan = `10.77.${third}`;
    const range = await ctx.http
      .post('/api/ipam/ranges')
      .set(staff.auth)
      .send({ name: 'Globex LAN', cidr: `${lan}.0/24`, companyId: globex });
    expect(range.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await sim?.close();
    await worker?.close();
    await ctx?.close();
  });

  const register = (over: Record<string, unknown> = {}, who = staff) =>
    ctx.http
      .post('/api/firewalls')
      .set(who.auth)
      .send({
        companyId: globex,
        name: 'globex-edge',
        url: sim.url,
        apiKey: KEY,
        apiSecret: SECRET,
        fingerprint: sim.fingerprint,
        ...over,
      });

  const waitJob = async (id: string, timeoutMs = 20_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const j = await ctx.prisma.job.findUniqueOrThrow({ where: { id } });
      if (['succeeded', 'failed', 'cancelled'].includes(j.status)) return j;
      if (Date.now() > until) throw new Error(`job ${id} still ${j.status} (${j.message})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  /** POST …/apply (202 + the tracked job), wait for the job, then the change as it ended. */
  const applyChange = async (changeId: string, who: LoggedIn = globexAdmin) => {
    const res = await ctx.http
      .post(`/api/firewalls/${firewallId}/changes/${changeId}/apply`)
      .set(who.auth);
    expectApiResponse('POST /firewalls/:id/changes/:id/apply', res);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ type: 'firewalls.apply-change', companyId: globex });
    const job = await waitJob(res.body.id);
    const change = await ctx.http
      .get(`/api/firewalls/${firewallId}/changes/${changeId}`)
      .set(who.auth);
    expectApiResponse('GET /firewalls/:id/changes/:id', change);
    expect(change.body.jobId).toBe(res.body.id);
    return { job, change: change.body, jobId: res.body.id as string };
  };

  const portForward = (target: string, port = '443') => ({
    operations: [
      {
        op: 'create',
        kind: 'd_nat',
        item: {
          interface: 'wan',
          protocol: 'tcp',
          'destination.network': 'wanip',
          'destination.port': port,
          target,
          'local-port': port,
          descr: `publish ${target}:${port}`,
        },
      },
    ],
  });

  it('registers a firewall whose key works, storing key and secret encrypted', async () => {
    const bad = await register({ apiSecret: 'wrong' });
    expect([bad.status, bad.body.code]).toEqual([400, 'BAD_REQUEST']);
    expect(bad.body.message).toMatch(/Authentication Failed/);
    expect((await register({}, globexAdmin)).status).toBe(403);
    const res = await register();
    expect(res.status).toBe(201);
    expectApiResponse('POST /firewalls', res);
    expect(res.body).toMatchObject({
      companyId: globex,
      companyName: 'Globex FW',
      version: '26.1.2',
      status: 'online',
    });
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    expect(JSON.stringify(res.body)).not.toContain(KEY);
    firewallId = res.body.id;
    const row = await ctx.prisma.firewall.findUniqueOrThrow({ where: { id: firewallId } });
    expect(row.apiSecret).not.toContain(SECRET);
    expect(row.apiKey).not.toContain(KEY);
  });

  it('shows the firewall to its company and the staff only', async () => {
    const own = await ctx.http.get(`/api/firewalls/${firewallId}`).set(globexAdmin.auth);
    expectApiResponse('GET /firewalls/:id', own);
    expect(own.body.id).toBe(firewallId);
    const staffList = await ctx.http
      .get('/api/firewalls')
      .query({ companyId: globex })
      .set(staff.auth);
    expectApiResponse('GET /firewalls', staffList);
    expect(
      staffList.body.items.map((f: { id: string; companyName: string }) => [f.id, f.companyName]),
    ).toEqual([[firewallId, 'Globex FW']]);
    const foreign = await ctx.http.get(`/api/firewalls/${firewallId}`).set(acmeAdmin.auth);
    expect([foreign.status, foreign.body.message]).toEqual([404, 'Firewall not found']);
    const list = await ctx.http.get('/api/firewalls').set(acmeAdmin.auth);
    expect(list.body.items.map((f: { id: string }) => f.id)).not.toContain(firewallId);
    const change = await ctx.http
      .post(`/api/firewalls/${firewallId}/changes`)
      .set(acmeAdmin.auth)
      .send(portForward(`${lan}.10`));
    expect(change.status).toBe(404);
    expect((await ctx.http.get('/api/firewalls').set(globexUser.auth)).status).toBe(403);
  });

  it('publishes a port: validated, previewed, applied as one change set', async () => {
    const pending = await ctx.http
      .post(`/api/firewalls/${firewallId}/changes`)
      .set(globexAdmin.auth)
      .send(portForward(`${lan}.10`));
    expectApiResponse('POST /firewalls/:id/changes', pending);
    expect(pending.status).toBe(201);
    expect(pending.body).toMatchObject({
      status: 'pending',
      diff: [{ op: 'create', kind: 'd_nat', before: null, after: { target: `${lan}.10` } }],
    });
    expect(sim.state.runningRows('d_nat')).toEqual([]);
    expect(sim.state.config.d_nat.items.size).toBe(0);
    const foreign = await ctx.http
      .post(`/api/firewalls/${firewallId}/changes/${pending.body.id}/apply`)
      .set(acmeAdmin.auth);
    expect(foreign.status).toBe(404);
    const { job, change, jobId } = await applyChange(pending.body.id);
    expect([job.status, job.progress, job.error]).toEqual(['succeeded', 100, null]);
    expect(change).toMatchObject({ status: 'applied', reason: null });
    expect(change.durationMs).toBeGreaterThanOrEqual(0);
    const log = await ctx.http.get(`/api/jobs/${jobId}`).set(globexAdmin.auth);
    expect(log.body.log.map((l: { line: string }) => l.line).join('\n')).toMatch(/savepoint \d/);
    expect((await ctx.http.get(`/api/jobs/${jobId}`).set(acmeAdmin.auth)).status).toBe(404);
    expect(sim.state.runningRows('d_nat')).toEqual([
      expect.objectContaining({ target: `${lan}.10`, 'destination.port': '443' }),
    ]);
    const again = await ctx.http
      .post(`/api/firewalls/${firewallId}/changes/${pending.body.id}/apply`)
      .set(globexAdmin.auth);
    expect([again.status, again.body.message]).toEqual([
      409,
      'This change is applied, not pending',
    ]);
    const items = await ctx.http
      .get(`/api/firewalls/${firewallId}/items/d_nat`)
      .set(globexAdmin.auth);
    expectApiResponse('GET /firewalls/:id/items/d_nat', items);
    expect(items.body.rows).toHaveLength(1);
    const filter = await ctx.http
      .get(`/api/firewalls/${firewallId}/items/filter`)
      .set(globexAdmin.auth);
    expectApiResponse('GET /firewalls/:id/items/filter', filter);
    // read-only views: the interfaces overview and Kea's leases, from the firewall
    const ifs = await ctx.http
      .get(`/api/firewalls/${firewallId}/items/interfaces`)
      .set(globexAdmin.auth);
    expectApiResponse('GET /firewalls/:id/items/interfaces', ifs);
    expect(ifs.body.rows.map((r: { uuid: string }) => r.uuid)).toEqual(
      sim.state.interfaces.map((i) => i.identifier),
    );
    const leases = await ctx.http
      .get(`/api/firewalls/${firewallId}/items/dhcp_leases`)
      .set(globexAdmin.auth);
    expect([leases.status, leases.body]).toEqual([200, { kind: 'dhcp_leases', rows: [] }]);
    const unknown = await ctx.http
      .get(`/api/firewalls/${firewallId}/items/routes`)
      .set(globexAdmin.auth);
    expect([unknown.status, unknown.body.message]).toEqual([
      400,
      expect.stringMatching(/interfaces, dhcp_leases/),
    ]);
    const history = await ctx.http
      .get(`/api/firewalls/${firewallId}/changes`)
      .set(globexAdmin.auth);
    expectApiResponse('GET /firewalls/:id/changes', history);
    expect(history.body[0]).toMatchObject({ id: pending.body.id, status: 'applied' });
  });

  it('applies two changes accepted at once one after the other, in the order accepted', async () => {
    const create = async (ports: string[]) => {
      const res = await ctx.http
        .post(`/api/firewalls/${firewallId}/changes`)
        .set(globexAdmin.auth)
        .send({
          operations: ports.map((p) => portForward(`${lan}.20`, p).operations[0]),
        });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const first = await create(['8001', '8002', '8003']);
    const second = await create(['9001', '9002', '9003']);
    calls.length = 0;
    const apply = (id: string) =>
      ctx.http.post(`/api/firewalls/${firewallId}/changes/${id}/apply`).set(globexAdmin.auth);
    // the second apply is accepted while the first one's job runs (no 409): it waits its turn
    const a = await apply(first);
    const b = await apply(second);
    expect([a.status, b.status]).toEqual([202, 202]);
    const [jobA, jobB] = await Promise.all([waitJob(a.body.id), waitJob(b.body.id)]);
    expect([jobA.status, jobA.error, jobB.status, jobB.error]).toEqual([
      'succeeded',
      null,
      'succeeded',
      null,
    ]);
    const [ca, cb] = await Promise.all(
      [first, second].map((id) => ctx.prisma.firewallChange.findUniqueOrThrow({ where: { id } })),
    );
    expect([ca.status, cb.status]).toEqual(['applied', 'applied']);
    expect(ca.appliedAt!.getTime()).toBeLessThanOrEqual(cb.appliedAt!.getTime());
    // on the firewall: savepoint, the first change's three rules, apply, confirm; only then the
    // second change from its own savepoint (interleaved, one confirm would keep the other's rules)
    const steps = calls
      .filter((c) => c.method === 'POST')
      .map((c) => {
        const port = (c.body.rule as Record<string, unknown> | undefined)?.destination as
          Record<string, unknown> | undefined;
        const what = c.path.replace(/^\/api\/firewall\//, '').replace(/\/[^/]*\d[^/]*$/, '');
        return port?.port ? `${what} ${String(port.port)}` : what;
      });
    expect(steps).toEqual([
      'filter/savepoint',
      'd_nat/add_rule 8001',
      'd_nat/add_rule 8002',
      'd_nat/add_rule 8003',
      'd_nat/apply',
      'filter/cancel_rollback',
      'filter/savepoint',
      'd_nat/add_rule 9001',
      'd_nat/add_rule 9002',
      'd_nat/add_rule 9003',
      'd_nat/apply',
      'filter/cancel_rollback',
    ]);
    const running = sim.state
      .runningRows('d_nat')
      .map((r) => r['destination.port'])
      .filter((p) => /^[89]00\d$/.test(String(p)));
    expect(running).toEqual(['8001', '8002', '8003', '9001', '9002', '9003']);
    const log = await ctx.http.get(`/api/jobs/${b.body.id}`).set(globexAdmin.auth);
    expect(JSON.stringify(log.body)).toContain(`Waiting for change ${first}`);
  });

  it('refuses bad input with clear 4xx answers', async () => {
    const post = (body: object) =>
      ctx.http.post(`/api/firewalls/${firewallId}/changes`).set(globexAdmin.auth).send(body);
    const port = await post(portForward(`${lan}.10`, '70000'));
    expect([port.status, port.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(port.body.message).toMatch(/destination\.port/);
    const outside = await post(portForward('192.0.2.10'));
    expect([outside.status, outside.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(outside.body.message).toContain(`outside the company's networks (${lan}.0/24)`);
    const gone = await post({
      operations: [{ op: 'delete', kind: 'filter', uuid: '0196c5a2-0000-7000-8000-000000000000' }],
    });
    expect([gone.status, gone.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    sim.state.version = '25.7.9';
    try {
      const old = await post(portForward(`${lan}.11`));
      expect([old.status, old.body.code]).toEqual([409, 'FIREWALL_TOO_OLD']);
      expect(old.body.message).toBe(
        'Firewall globex-edge runs OPNsense 25.7.9; port forwards needs OPNsense 26.1 or later',
      );
    } finally {
      sim.state.version = '26.1.2';
    }
  });

  it('reverts to the savepoint when the firewall refuses a step part-way (job and change failed)', async () => {
    const alias = `hosts_${Math.random().toString(36).slice(2, 8)}`;
    const seeded = await ctx.http
      .post(`/api/firewalls/${firewallId}/changes`)
      .set(globexAdmin.auth)
      .send({
        operations: [
          {
            op: 'create',
            kind: 'alias',
            item: { enabled: '1', name: alias, type: 'host', content: `${lan}.12` },
          },
        ],
      });
    expect(seeded.status).toBe(201);
    expect((await applyChange(seeded.body.id)).change.status).toBe('applied');
    const aliasUuid = [...sim.state.config.alias.items.entries()].find(
      ([, i]) => i.name === alias,
    )![0];
    // the rule goes in, then the firewall refuses to delete the alias the rule now uses
    const pending = await ctx.http
      .post(`/api/firewalls/${firewallId}/changes`)
      .set(globexAdmin.auth)
      .send({
        operations: [
          {
            op: 'create',
            kind: 'filter',
            item: {
              interface: 'lan',
              action: 'pass',
              direction: 'in',
              destination_net: alias,
              description: 'half',
            },
          },
          { op: 'delete', kind: 'alias', uuid: aliasUuid },
        ],
      });
    expect(pending.status).toBe(201);
    const { job, change } = await applyChange(pending.body.id);
    expect(change.status).toBe('failed');
    expect(change.reason).toMatch(/Item in use by: filter\.rule\./);
    expect(change.reason).toMatch(/the earlier rules were restored \(savepoint \d/);
    expect([job.status, job.error]).toEqual(['failed', change.reason]);
    // the rule that went in was rolled back with the savepoint; nothing is left running
    const descriptions = [...sim.state.config.filter.items.values()].map((i) => i.description);
    expect(descriptions).not.toContain('half');
    expect(sim.state.runningRows('filter')).toEqual([]);
    expect(sim.state.config.alias.items.has(aliasUuid)).toBe(true);
    const again = await ctx.http
      .post(`/api/firewalls/${firewallId}/changes/${pending.body.id}/apply`)
      .set(globexAdmin.auth);
    expect(again.status).toBe(409);
  });

  it('marks a change failed with the reason and lets the firewall revert when it stops answering', async () => {
    const pending = await ctx.http
      .post(`/api/firewalls/${firewallId}/changes`)
      .set(globexAdmin.auth)
      .send({
        operations: [
          {
            op: 'create',
            kind: 'filter',
            item: { interface: 'wan', action: 'block', direction: 'in', description: 'lockout' },
          },
        ],
      });
    expect(pending.status).toBe(201);
    sim.faults.lockoutOnApply = 1;
    const { job, change } = await applyChange(pending.body.id);
    expect(change.status).toBe('failed');
    expect(change.reason).toMatch(
      /stopped answering after the apply; it restores the earlier rules/,
    );
    expect([job.status, job.error]).toEqual(['failed', change.reason]);
    // the firewall's own timer puts the earlier rules back and it answers again
    const until = Date.now() + 10_000;
    while (sim.state.runningRows('filter').length > 0 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 200));
    expect(sim.state.runningRows('filter')).toEqual([]);
    expect(sim.state.config.filter.items.size).toBe(0);
    const fw = await ctx.http.get(`/api/firewalls/${firewallId}`).set(globexAdmin.auth);
    expect(fw.body.status).toBe('unreachable');
  });

  it('gives rule-change figures per firewall: count, success rate, apply times', async () => {
    const res = await ctx.http
      .get(`/api/firewalls/deployments/metrics?firewallId=${firewallId}`)
      .set(globexAdmin.auth);
    expectApiResponse('GET /firewalls/deployments/metrics', res);
    // published 443, two at once, the alias, the refused step, the lock-out
    expect(res.body).toMatchObject({
      byAuthMethod: [],
      changes: { authMethod: 'api_key', changes: 6, applied: 4, successRate: 4 / 6 },
    });
    const rows = await ctx.prisma.firewallChange.findMany({
      where: { firewallId, status: 'applied' },
    });
    const ms = rows.map((r) => r.durationMs!);
    expect(res.body.changes.maxMs).toBe(Math.max(...ms));
    expect(res.body.changes.meanMs).toBe(Math.round(ms.reduce((a, b) => a + b, 0) / ms.length));
    console.log(
      `rule changes on the OPNsense simulator: mean ${res.body.changes.meanMs} ms, max ${res.body.changes.maxMs} ms (${ms.length} applied)`,
    );
    const foreign = await ctx.http
      .get(`/api/firewalls/deployments/metrics?firewallId=${firewallId}`)
      .set(acmeAdmin.auth);
    expect(foreign.status).toBe(404);
  });

  it('reverts an applied change set by hand: a new change set with the inverse, previewed, then applied', async () => {
    const dnat = [...sim.state.config.d_nat.items.entries()].find(
      ([, i]) => i.target === `${lan}.10` && i['destination.port'] === '443',
    )![0];
    const [oldAlias, oldItem] = [...sim.state.config.alias.items.entries()].find(
      ([, i]) => i.content === `${lan}.12`,
    )!;
    const added = `net_${Math.random().toString(36).slice(2, 8)}`;
    const forward = await ctx.http
      .post(`/api/firewalls/${firewallId}/changes`)
      .set(globexAdmin.auth)
      .send({
        operations: [
          { op: 'update', kind: 'd_nat', uuid: dnat, item: { target: `${lan}.11` } },
          {
            op: 'create',
            kind: 'alias',
            item: { enabled: '1', name: added, type: 'network', content: `${lan}.0/24` },
          },
          { op: 'delete', kind: 'alias', uuid: oldAlias },
        ],
      });
    expect(forward.status).toBe(201);
    const applied = (await applyChange(forward.body.id)).change;
    expect(applied.status).toBe('applied');
    // the apply records the uuid the firewall gave the new alias: the revert deletes that one
    const addedUuid = [...sim.state.config.alias.items.entries()].find(
      ([, i]) => i.name === added,
    )![0];
    expect(applied.diff[1]).toMatchObject({ op: 'create', uuid: addedUuid });
    const aliases = await ctx.http
      .get(`/api/firewalls/${firewallId}/items/alias`)
      .set(globexAdmin.auth);
    expectApiResponse('GET /firewalls/:id/items/alias', aliases);
    expect(aliases.body.rows).toContainEqual(
      expect.objectContaining({ uuid: addedUuid, name: added }),
    );

    const url = `/api/firewalls/${firewallId}/changes/${forward.body.id}/revert`;
    expect((await ctx.http.post(url).set(acmeAdmin.auth)).status).toBe(404);
    expect((await ctx.http.post(url).set(globexUser.auth)).status).toBe(403);
    const failed = await ctx.prisma.firewallChange.findFirstOrThrow({
      where: { firewallId, status: 'failed' },
    });
    const notApplied = await ctx.http
      .post(`/api/firewalls/${firewallId}/changes/${failed.id}/revert`)
      .set(globexAdmin.auth);
    expect([notApplied.status, notApplied.body.message]).toEqual([
      409,
      'Only an applied change can be reverted; this one is failed',
    ]);

    const revert = await ctx.http.post(url).set(globexAdmin.auth);
    expectApiResponse('POST /firewalls/:id/changes/:id/revert', revert);
    expect(revert.status).toBe(201);
    expect(revert.body).toMatchObject({
      status: 'pending',
      revertOfId: forward.body.id,
      operations: [
        {
          op: 'create',
          kind: 'alias',
          item: { enabled: '1', name: oldItem.name, type: 'host', content: `${lan}.12` },
        },
        { op: 'delete', kind: 'alias', uuid: addedUuid },
        { op: 'update', kind: 'd_nat', uuid: dnat, item: { target: `${lan}.10` } },
      ],
    });
    // the preview shows each object before and after
    expect(revert.body.diff[2]).toMatchObject({
      before: { target: `${lan}.11` },
      after: { target: `${lan}.10` },
    });
    const twice = await ctx.http.post(url).set(globexAdmin.auth);
    expect([twice.status, twice.body.message]).toEqual([
      409,
      `This change is already reverted by change ${revert.body.id} (pending)`,
    ]);
    expect((await applyChange(revert.body.id)).change.status).toBe('applied');
    expect(sim.state.config.d_nat.items.get(dnat)?.target).toBe(`${lan}.10`);
    expect(sim.state.config.alias.items.has(addedUuid)).toBe(false);
    expect([...sim.state.config.alias.items.values()].map((i) => i.name)).toContain(oldItem.name);
  });

  it('lets exactly one of two concurrent reverts of a change in (409 for the other); a failed revert frees the change', async () => {
    const name = `race_${Math.random().toString(36).slice(2, 8)}`;
    const forward = await ctx.http
      .post(`/api/firewalls/${firewallId}/changes`)
      .set(globexAdmin.auth)
      .send({
        operations: [
          {
            op: 'create',
            kind: 'alias',
            item: { enabled: '1', name, type: 'host', content: `${lan}.13` },
          },
        ],
      });
    expect(forward.status).toBe(201);
    expect((await applyChange(forward.body.id)).change.status).toBe('applied');
    const url = `/api/firewalls/${firewallId}/changes/${forward.body.id}/revert`;
    // both pass the "already reverted" check before either is stored (each reads the firewall)
    const both = await Promise.all([
      ctx.http.post(url).set(globexAdmin.auth),
      ctx.http.post(url).set(staff.auth),
    ]);
    const won = both.filter((r) => r.status === 201);
    const lost = both.filter((r) => r.status !== 201);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => [r.status, r.body.code, r.body.message])).toEqual([
      [409, 'CONFLICT', `This change is already reverted by change ${won[0]!.body.id} (pending)`],
    ]);
    const reverts = await ctx.prisma.firewallChange.findMany({
      where: { revertOfId: forward.body.id },
    });
    expect(reverts.map((r) => r.id)).toEqual([won[0]!.body.id]);

    // the revert fails (the firewall does not answer): the change may be reverted again
    sim.faults.down = true;
    try {
      expect((await applyChange(won[0]!.body.id)).change.status).toBe('failed');
    } finally {
      sim.faults.down = false;
    }
    const again = await ctx.http.post(url).set(globexAdmin.auth);
    expect([again.status, again.body.revertOfId]).toEqual([201, forward.body.id]);
    const third = await ctx.http.post(url).set(globexAdmin.auth);
    expect([third.status, third.body.message]).toEqual([
      409,
      `This change is already reverted by change ${again.body.id} (pending)`,
    ]);
  });

  it('offers the company guests’ IPAM addresses as targets (guest picker), paged and scoped', async () => {
    const { cluster } = await clusterFor(ctx, [globex], 'fw-targets');
    const guest = await ctx.prisma.guest.create({
      data: {
        clusterId: cluster.id,
        companyId: globex,
        vmid: 4242,
        activeVmid: 4242,
        kind: 'qemu',
        name: ctx.unique('webshop'),
        status: 'running',
        node: 'pve1',
        tags: [],
        syncHash: '0000000000000000',
      },
    });
    const range = await ctx.prisma.ipRange.findFirstOrThrow({
      where: { companyId: globex, cidr: `${lan}.0/24` },
    });
    await ctx.prisma.ipAddress.create({
      data: {
        rangeId: range.id,
        offset: 40n,
        address: `${lan}.40`,
        status: 'allocated',
        purpose: 'guest',
        companyId: globex,
        guestId: guest.id,
        nic: 0,
      },
    });
    const url = `/api/firewalls/${firewallId}/targets`;
    const all = await ctx.http.get(url).set(globexAdmin.auth);
    expectApiResponse('GET /firewalls/:id/targets', all);
    expect(all.body).toMatchObject({ total: 1, page: 1, pageSize: 25 });
    expect(all.body.items).toEqual([
      { address: `${lan}.40`, guestId: guest.id, guestName: guest.name, hostname: null },
    ]);
    const byName = await ctx.http
      .get(url)
      .query({ search: guest.name!.slice(0, 12) })
      .set(globexAdmin.auth);
    expect(byName.body.total).toBe(1);
    const none = await ctx.http.get(url).query({ search: '192.0.2.' }).set(globexAdmin.auth);
    expect(none.body).toMatchObject({ total: 0, items: [] });
    expect((await ctx.http.get(url).set(acmeAdmin.auth)).status).toBe(404);
    const bad = await ctx.http.get(url).query({ pageSize: 1000 }).set(globexAdmin.auth);
    expect(bad.status).toBe(400);
  });
});
