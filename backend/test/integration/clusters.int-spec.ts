import type { ClusterNodeLiveView } from '@multpanel/contracts';
import { startSimulator, type RunningSimulator } from '@multpanel/simulator';
import Redis from 'ioredis';
import { ProxmoxApi } from '../../src/common/proxmox';
import { pveContractChecker } from '../../src/common/proxmox/testing/pve-contract';
import { ClusterConnectionService } from '../../src/modules/clusters/cluster-connection.service';
import { ClusterHealthService } from '../../src/modules/clusters/cluster-health.service';
import { ClusterJobsService } from '../../src/modules/clusters/cluster-jobs.service';
import { ClustersModule } from '../../src/modules/clusters/clusters.module';
import { ClustersProcessor } from '../../src/modules/clusters/clusters.processor';
import { QueueService } from '../../src/common/queue/queue.service';
import { InventorySyncService } from '../../src/modules/inventory/inventory-sync.service';
import { InventoryModule } from '../../src/modules/inventory/inventory.module';
import { TestContext, type LoggedIn } from '../helpers/test-context';
import { isolatedEnv } from '../helpers/isolated-env';
import { expectApiResponse } from '../helpers/api-response';

/**
 * Clusters + inventory through the real HTTP app, MariaDB and Redis, against in-process
 * simulators. Every Proxmox request the platform sends is checked against the PVE schema.
 * Own database and Redis prefix: a background sync would make "writes only what changed"
 * untestable.
 */
describe('clusters and inventory (integration)', () => {
  let ctx: TestContext;
  let sim: RunningSimulator;
  let admin: LoggedIn;
  let token: { id: string; secret: string };
  let isolated: Awaited<ReturnType<typeof isolatedEnv>>;
  const contract = pveContractChecker();

  const clusterBody = (name: string, c = sim.clusters[0], over: Record<string, unknown> = {}) => ({
    name,
    endpoints: [{ url: c.url, fingerprint: c.fingerprint }],
    credentials: { type: 'token', tokenId: token.id, secret: token.secret },
    location: 'Lab rack 1',
    tags: ['lab'],
    ...over,
  });

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      clusters: 2,
      nodes: 3,
      guests: 40,
      quiet: true,
      taskSpeed: 0,
    });
    // A privilege-sharing API token, as an MSP would create for Multpanel.
    const root = ProxmoxApi.create({
      endpoints: [sim.clusters[0].url],
      fingerprint: sim.clusters[0].fingerprint,
      auth: { type: 'password', username: 'root@pam', password: 'sim-password' },
    });
    const created = await root.createApiToken('root@pam', 'multpanel', { privsep: false });
    root.close();
    token = { id: created['full-tokenid'], secret: created.value };

    isolated = await isolatedEnv('clusters');
    ctx = await TestContext.create({
      env: isolated.env,
      modules: [ClustersModule, InventoryModule],
    });
    ctx.app
      .get(ClusterConnectionService)
      .setClientDecorator((o) => ({ ...o, onRequest: contract.onRequest }));
    admin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
  });
  afterAll(async () => {
    await ctx?.close();
    await sim?.close();
    await isolated?.drop();
    expect(contract.violations).toEqual([]);
  });

  it('probes the fingerprint and tests unsaved credentials (add-cluster wizard)', async () => {
    const c = sim.clusters[0];
    const probe = await ctx.http
      .post('/api/clusters/probe-fingerprint')
      .set(admin.auth)
      .send({ url: c.url });
    expect(probe.status).toBe(200);
    expectApiResponse('POST /clusters/probe-fingerprint', probe);
    expect(probe.body.fingerprint).toBe(c.fingerprint);

    const test = await ctx.http
      .post('/api/clusters/test')
      .set(admin.auth)
      .send({
        endpoints: [{ url: c.url, fingerprint: c.fingerprint }],
        credentials: { type: 'token', tokenId: token.id, secret: token.secret },
      });
    expect(test.status).toBe(200);
    expectApiResponse('POST /clusters/test', test);
    expect(test.body).toMatchObject({
      ok: true,
      reachable: true,
      quorate: true,
      missingPermissions: [],
    });
    expect(test.body.version).toMatch(/^9\./);
    expect(test.body.nodes).toHaveLength(3);
    expect(test.body.latencyMs).toEqual(expect.any(Number));

    const wrong = await ctx.http
      .post('/api/clusters/test')
      .set(admin.auth)
      .send({
        endpoints: [{ url: c.url, fingerprint: c.fingerprint }],
        credentials: { type: 'token', tokenId: token.id, secret: 'nope' },
      });
    expect(wrong.body).toMatchObject({ ok: false, reachable: true, errorCode: 'PVE_AUTH' });
    expect(wrong.body.error).toMatch(/rejected the credentials/);
  });

  it('refuses a cluster without a confirmed fingerprint and keeps secrets out of responses', async () => {
    const unpinned = await ctx.http
      .post('/api/clusters')
      .set(admin.auth)
      .send(
        clusterBody('unpinned', sim.clusters[0], { endpoints: [{ url: sim.clusters[0].url }] }),
      );
    expect(unpinned.status).toBe(400);
    expect(JSON.stringify(unpinned.body)).toMatch(/fingerprint/);

    const res = await ctx.http
      .post('/api/clusters')
      .set(admin.auth)
      .send(clusterBody('secret-check'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'secret-check',
      authType: 'token',
      authUser: token.id,
      tags: ['lab'],
    });
    expect(JSON.stringify(res.body)).not.toContain(token.secret);
    const row = await ctx.prisma.cluster.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.secret).toMatch(/^enc:v\d+:/);
    expect(row.secret).not.toContain(token.secret);

    const dup = await ctx.http
      .post('/api/clusters')
      .set(admin.auth)
      .send(clusterBody('secret-check'));
    expect(dup.status).toBe(409);
    expect((await ctx.http.delete(`/api/clusters/${res.body.id}`).set(admin.auth)).status).toBe(
      204,
    );
    expect((await ctx.http.get(`/api/clusters/${res.body.id}`).set(admin.auth)).status).toBe(404);
  });

  describe('with a cluster', () => {
    let clusterId: string;
    const sync = () => ctx.app.get(InventorySyncService).sync(clusterId);
    const unassigned = async (auth = admin.auth) =>
      ctx.http.get('/api/guests/unassigned').query({ clusterId, pageSize: 500 }).set(auth);

    beforeAll(async () => {
      const res = await ctx.http.post('/api/clusters').set(admin.auth).send(clusterBody('lab-one'));
      expect(res.status).toBe(201);
      expectApiResponse('POST /clusters', res);
      clusterId = res.body.id;
    });

    it('tests a saved cluster', async () => {
      const res = await ctx.http.post(`/api/clusters/${clusterId}/test`).set(admin.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, quorate: true });
      expect(res.body.permissions).toEqual(
        expect.arrayContaining(['Sys.Audit', 'VM.Audit', 'Datastore.Audit']),
      );
    });

    it('syncs the inventory, then writes only what changed', async () => {
      const rt = sim.runtimes[0];
      const first = await sync();
      expect(first).toMatchObject({
        ok: true,
        guests: { created: rt.state.guests.size, updated: 0, gone: 0 },
      });
      expect(first!.nodeWrites).toBe(3);
      expect(first!.storageWrites).toBeGreaterThan(0);

      const second = await sync();
      expect(second).toMatchObject({
        ok: true,
        guests: { created: 0, updated: 0, gone: 0, unchanged: rt.state.guests.size },
      });
      expect(second!.nodeWrites + second!.storageWrites).toBeLessThanOrEqual(3); // storage usage may move

      const [renamed, removed] = [...rt.state.guests.values()].filter((g) => g.type === 'qemu');
      renamed.config.name = 'renamed-on-proxmox';
      rt.state.guests.delete(removed.vmid);
      rt.changed(); // the simulator caches /cluster/resources per world version
      const third = await sync();
      expect(third).toMatchObject({ ok: true, guests: { created: 0, updated: 1, gone: 1 } });

      const rows = await ctx.prisma.guest.findMany({
        where: { clusterId, vmid: { in: [renamed.vmid, removed.vmid] } },
      });
      expect(rows.find((r) => r.vmid === renamed.vmid)).toMatchObject({
        name: 'renamed-on-proxmox',
        goneAt: null,
      });
      // Removed on Proxmox: kept with its history, marked gone, no longer listed.
      expect(rows.find((r) => r.vmid === removed.vmid)).toMatchObject({
        activeVmid: null,
        goneAt: expect.any(Date),
      });
      const list = await unassigned();
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(rt.state.guests.size);
      expect(list.body.items.map((g: { vmid: number }) => g.vmid)).not.toContain(removed.vmid);

      const view = await ctx.http.get(`/api/clusters/${clusterId}`).set(admin.auth);
      expect(view.body.counts).toEqual({
        nodes: 3,
        guests: rt.state.guests.size,
        unassignedGuests: rt.state.guests.size,
      });
      expect(view.body.lastSyncAt).toEqual(expect.any(String));

      const nodes = await ctx.http.get(`/api/clusters/${clusterId}/nodes`).set(admin.auth);
      expect(nodes.status).toBe(200);
      expectApiResponse('GET /clusters/:id/nodes', nodes);
      expect(nodes.body).toHaveLength(3);
      expect(nodes.body[0]).toMatchObject({
        status: 'online',
        maxcpu: expect.any(Number),
        goneAt: null,
      });
      const storages = await ctx.http.get(`/api/clusters/${clusterId}/storages`).set(admin.auth);
      expectApiResponse('GET /clusters/:id/storages', storages);
      expect(storages.body.length).toBeGreaterThan(0);
      expect(storages.body[0]).toMatchObject({
        node: expect.any(String),
        storage: expect.any(String),
      });
      const ceph = await ctx.http.get(`/api/clusters/${clusterId}/ceph`).set(admin.auth);
      expect(ceph.status).toBe(200);
      expectApiResponse('GET /clusters/:id/ceph', ceph);
      expect(ceph.body.health).toBe('HEALTH_OK');
    });

    it('reads node load live, merged with the stored rows, without writing them', async () => {
      const rt = sim.runtimes[0];
      const before = await ctx.prisma.clusterNode.findMany({
        where: { clusterId },
        select: { name: true, updatedAt: true },
        orderBy: { name: 'asc' },
      });
      expect(before).toHaveLength(3);
      const offlineNode = rt.state.nodes[1];
      offlineNode.online = false;
      rt.changed();
      try {
        const res = await ctx.http.get(`/api/clusters/${clusterId}/nodes/live`).set(admin.auth);
        expect(res.status).toBe(200);
        expectApiResponse('GET /clusters/:id/nodes/live', res);
        expect(res.body).toMatchObject({ live: true, error: null, readAt: expect.any(String) });
        expect(res.body.nodes.map((n: { name: string }) => n.name)).toEqual(
          before.map((n) => n.name),
        );
        const byName = Object.fromEntries(
          (res.body.nodes as ClusterNodeLiveView[]).map((n) => [n.name, n]),
        );
        const online = byName[rt.state.nodes[0].name];
        expect(online).toMatchObject({
          status: 'online',
          maxcpu: rt.state.nodes[0].maxcpu,
          maxmemBytes: rt.state.nodes[0].maxmem,
          goneAt: null,
        });
        expect(online.cpu).toBeGreaterThanOrEqual(0);
        expect(online.cpu).toBeLessThanOrEqual(1);
        expect(online.memBytes).toBeGreaterThan(0);
        expect(online.memBytes).toBeLessThanOrEqual(online.maxmemBytes!);
        expect(online.uptimeSec).toBeGreaterThan(0);
        // A node Proxmox reports offline: live status, no load.
        expect(byName[offlineNode.name]).toMatchObject({
          status: 'offline',
          cpu: null,
          memBytes: null,
          uptimeSec: null,
        });
      } finally {
        offlineNode.online = true;
        rt.changed();
      }
      const after = await ctx.prisma.clusterNode.findMany({
        where: { clusterId },
        select: { name: true, updatedAt: true },
        orderBy: { name: 'asc' },
      });
      expect(after).toEqual(before);

      // Every Proxmox call failing: the stored rows come back as last known, never a 500.
      rt.faults.errorRate = 1;
      try {
        const failed = await ctx.http.get(`/api/clusters/${clusterId}/nodes/live`).set(admin.auth);
        expect(failed.status).toBe(200);
        expect(failed.body).toMatchObject({ live: false, readAt: null });
        expect(failed.body.error).toMatch(/500|lab-one/);
        expect(failed.body.nodes).toHaveLength(3);
        expect(failed.body.nodes[0]).toMatchObject({ status: 'online', cpu: null, memBytes: null });
      } finally {
        rt.faults.errorRate = 0;
      }
    });

    it('gives live node load to super_admin only', async () => {
      const company = await ctx.newCompany();
      const customer = await ctx.login(
        await ctx.newUser({ role: 'company_admin', companyId: company.id }),
      );
      const user = await ctx.login(await ctx.newUser({ role: 'user', companyId: company.id }));
      const sales = await ctx.login(await ctx.newUser({ role: 'salesperson' }));
      for (const who of [customer, user, sales]) {
        const res = await ctx.http.get(`/api/clusters/${clusterId}/nodes/live`).set(who.auth);
        expect(res.status).toBe(403);
        expect(JSON.stringify(res.body)).not.toMatch(/pve1|maxcpu/);
      }
      expect((await ctx.http.get(`/api/clusters/${clusterId}/nodes/live`)).status).toBe(401);
      const missing = await ctx.http
        .get('/api/clusters/0190a7e2-0000-7000-8000-000000000000/nodes/live')
        .set(admin.auth);
      expect(missing.status).toBe(404);
      expect(
        (await ctx.http.get('/api/clusters/not-a-uuid/nodes/live').set(admin.auth)).status,
      ).toBe(400);
    });

    it('keeps the last known inventory when Proxmox fails, and resumes after', async () => {
      const rt = sim.runtimes[0];
      const before = await ctx.prisma.guest.count({ where: { clusterId, goneAt: null } });
      rt.faults.errorRate = 1;
      try {
        const failed = await sync();
        expect(failed).toMatchObject({ ok: false });
        expect(failed!.error).toMatch(/Proxmox answered 500|lab-one/);
      } finally {
        rt.faults.errorRate = 0;
      }
      expect(await ctx.prisma.guest.count({ where: { clusterId, goneAt: null } })).toBe(before);
      const view = await ctx.http.get(`/api/clusters/${clusterId}`).set(admin.auth);
      expect(view.body.lastSyncError).toEqual(expect.any(String));
      expect(await sync()).toMatchObject({ ok: true });
      expect(
        (await ctx.http.get(`/api/clusters/${clusterId}`).set(admin.auth)).body.lastSyncError,
      ).toBeNull();
    });

    it('imports unassigned guests to a company in scope only (cross-company 404)', async () => {
      const companyA = await ctx.newCompany();
      const companyB = await ctx.newCompany();
      const salesUser = await ctx.newUser({ role: 'salesperson' });
      await ctx.assignSales(salesUser.id, companyA.id);
      const sales = await ctx.login(salesUser);
      const customer = await ctx.login(
        await ctx.newUser({ role: 'company_admin', companyId: companyA.id }),
      );

      expect((await unassigned(customer.auth)).status).toBe(403);
      // Guests land only in companies their cluster allows.
      await ctx.prisma.clusterCompany.create({ data: { clusterId, companyId: companyA.id } });
      const list = await unassigned(sales.auth);
      expect(list.status).toBe(200);
      const [g1, g2, g3] = list.body.items as Array<{ id: string }>;

      const foreign = await ctx.http
        .post('/api/guests/import')
        .set(sales.auth)
        .send({ guestIds: [g1.id], companyId: companyB.id });
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('NOT_FOUND');

      const ok = await ctx.http
        .post('/api/guests/import')
        .set(sales.auth)
        .send({ guestIds: [g1.id, g2.id], companyId: companyA.id });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({
        imported: 2,
        guestIds: expect.arrayContaining([g1.id, g2.id]),
        addresses: [],
      });

      // Already owned: looks exactly like an unknown guest, and the batch is all-or-nothing.
      const again = await ctx.http
        .post('/api/guests/import')
        .set(admin.auth)
        .send({ guestIds: [g1.id, g3.id], companyId: companyB.id });
      expect(again.status).toBe(404);
      expect(
        (await ctx.prisma.guest.findUniqueOrThrow({ where: { id: g3.id } })).companyId,
      ).toBeNull();
      expect((await ctx.prisma.guest.findUniqueOrThrow({ where: { id: g1.id } })).companyId).toBe(
        companyA.id,
      );

      const after = await unassigned(sales.auth);
      expect(after.body.total).toBe(list.body.total - 2);

      // A cluster holding company guests cannot be removed by accident.
      const del = await ctx.http.delete(`/api/clusters/${clusterId}`).set(admin.auth);
      expect(del.status).toBe(409);
      // Salespeople read clusters but cannot change them.
      expect((await ctx.http.get('/api/clusters').set(sales.auth)).status).toBe(200);
      expect(
        (await ctx.http.patch(`/api/clusters/${clusterId}`).set(sales.auth).send({ location: 'x' }))
          .status,
      ).toBe(403);
      const moved = await ctx.http
        .patch(`/api/clusters/${clusterId}`)
        .set(admin.auth)
        .send({ location: 'DC-moved' });
      expect(expectApiResponse('PATCH /clusters/:id', moved)).toMatchObject({
        location: 'DC-moved',
      });
    });

    it('tracks health, pushes status changes and marks a node outage as degraded', async () => {
      const health = ctx.app.get(ClusterHealthService);
      const sub = new Redis(ctx.config.env.REDIS_URL);
      const events: Array<{ type: string; payload: { status: string; clusterId: string } }> = [];
      await sub.subscribe(ctx.config.redisKey('events'));
      sub.on('message', (_ch, msg) => events.push(JSON.parse(msg)));
      try {
        expect(await health.check(clusterId)).toMatchObject({ status: 'online', changed: true });
        const node = sim.runtimes[0].state.nodes[2];
        node.online = false;
        sim.runtimes[0].changed();
        try {
          const degraded = await health.check(clusterId);
          expect(degraded).toMatchObject({ status: 'degraded' });
          expect(degraded!.error).toContain(node.name);
        } finally {
          node.online = true;
          sim.runtimes[0].changed();
        }
        expect(await health.check(clusterId)).toMatchObject({ status: 'online' });
        await new Promise((r) => setTimeout(r, 100));
        const statuses = events
          .filter((e) => e.type === 'cluster.health' && e.payload.clusterId === clusterId)
          .map((e) => e.payload.status);
        expect(statuses).toEqual(['online', 'degraded', 'online']);
      } finally {
        await sub.quit();
      }
      const view = await ctx.http.get(`/api/clusters/${clusterId}`).set(admin.auth);
      expect(view.body.health).toMatchObject({ status: 'online', successRate: 1, quorate: true });
      expect(view.body.health.p95LatencyMs).toEqual(expect.any(Number));
      const chart = await ctx.http.get(`/api/clusters/${clusterId}/health`).set(admin.auth);
      expectApiResponse('GET /clusters/:id/health', chart);
      expect(chart.body).toHaveLength(3);
    });
    it('slow is not offline: a late answer is tried again and marks the cluster degraded; silence past the retry is offline', async () => {
      const health = ctx.app.get(ClusterHealthService);
      const rt = sim.runtimes[0];
      // Three fast answers so far: the learned timeout is the 2 s floor.
      rt.faults.latencyMs = 2_500;
      try {
        const slow = await health.check(clusterId);
        expect(slow).toMatchObject({ status: 'degraded', error: expect.stringMatching(/slow/) });
        // Learned from the slow answer: the next check waits long enough at once.
        const t0 = Date.now();
        expect(await health.check(clusterId)).toMatchObject({ status: 'degraded' });
        expect(Date.now() - t0).toBeLessThan(7_000);

        // Never hangs: with a short interval the retry's ceiling is short too.
        await ctx.prisma.cluster.update({
          where: { id: clusterId },
          data: { healthIntervalSec: 3 },
        });
        rt.faults.latencyMs = 8_000;
        const t1 = Date.now();
        const dead = await health.check(clusterId);
        expect(dead).toMatchObject({ status: 'offline' });
        expect(dead!.error).toMatch(/lab-one did not answer within 2.4 s/);
        expect(Date.now() - t1).toBeLessThan(7_000);
        // The API stays responsive and says why.
        const view = await ctx.http.get(`/api/clusters/${clusterId}`).set(admin.auth);
        expect(view.body.health).toMatchObject({
          status: 'offline',
          lastError: expect.stringMatching(/did not answer/),
        });
      } finally {
        rt.faults.latencyMs = 0;
        await ctx.prisma.cluster.update({
          where: { id: clusterId },
          data: { healthIntervalSec: 30 },
        });
      }
      expect(await health.check(clusterId)).toMatchObject({ status: 'online', changed: true });
    }, 60_000);

    it('schedules due health checks and syncs with de-duplicating job ids', async () => {
      const processor = new ClustersProcessor(
        ctx.app.get(ClusterHealthService),
        ctx.app.get(ClusterJobsService),
      );
      await ctx.prisma.cluster.update({
        where: { id: clusterId },
        data: { lastCheckAt: null, lastSyncAt: null },
      });
      const first = await processor.schedule();
      expect(first.health).toBeGreaterThanOrEqual(1);
      expect(first.sync).toBeGreaterThanOrEqual(1);
      await processor.schedule(); // same time slot: no second job
      const queue = ctx.app.get(QueueService).queue('clusters');
      const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized']);
      const mine = jobs.filter(
        (j) => j.data.clusterId === clusterId && /^(health|sync)-[^-]+.*-\d+$/.test(j.id ?? ''),
      );
      const ids = mine.map((j) => j.id!);
      expect(new Set(ids).size).toBe(ids.length);
      expect(
        ids.filter((id) => id.startsWith(`health-${clusterId}-`) && !id.includes('now')),
      ).toHaveLength(1);
      expect(
        ids.filter((id) => id.startsWith(`sync-${clusterId}-`) && !id.includes('now')),
      ).toHaveLength(1);
    });
  });

  it('marks a stopped cluster offline within one check and brings it back on restart', async () => {
    const spare = await startSimulator({
      port: 0,
      clusters: 1,
      nodes: 1,
      guests: 3,
      quiet: true,
      taskSpeed: 0,
      seed: 7,
    });
    const c = spare.clusters[0];
    const res = await ctx.http
      .post('/api/clusters')
      .set(admin.auth)
      .send(
        clusterBody('spare', c, {
          credentials: { type: 'password', username: 'root@pam', password: 'sim-password' },
          healthIntervalSec: 10,
        }),
      );
    expect(res.status).toBe(201);
    const health = ctx.app.get(ClusterHealthService);
    expect(await health.check(res.body.id)).toMatchObject({ status: 'online' });
    await ctx.app.get(InventorySyncService).sync(res.body.id);
    await spare.close();

    // Not yet known to be offline: the live read fails fast and the stored nodes come back.
    const refused = await ctx.http.get(`/api/clusters/${res.body.id}/nodes/live`).set(admin.auth);
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({
      live: false,
      readAt: null,
      error: expect.stringMatching(/spare is unreachable/),
    });
    expect(refused.body.nodes).toHaveLength(1);
    expect(refused.body.nodes[0]).toMatchObject({ status: 'online', cpu: null, uptimeSec: null });

    const t0 = Date.now();
    const down = await health.check(res.body.id);
    expect(down).toMatchObject({ status: 'offline', changed: true });
    expect(down!.error).toMatch(/spare is unreachable .*connection refused/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    // Last known guests stay visible while the cluster is offline.
    const counts = (await ctx.http.get(`/api/clusters/${res.body.id}`).set(admin.auth)).body.counts;
    expect(counts.guests).toBeGreaterThan(0);
    // Known offline: Proxmox is not asked; the last known nodes carry the health check's reason.
    const offline = await ctx.http.get(`/api/clusters/${res.body.id}/nodes/live`).set(admin.auth);
    expect(offline.body).toMatchObject({
      live: false,
      error: down!.error,
      nodes: [expect.objectContaining({ cpu: null, memBytes: null })],
    });
    expect((await ctx.app.get(InventorySyncService).sync(res.body.id))!.ok).toBe(false);
    expect(
      (await ctx.http.get(`/api/clusters/${res.body.id}`).set(admin.auth)).body.counts,
    ).toEqual(counts);

    const again = await startSimulator({
      port: c.port,
      clusters: 1,
      nodes: 1,
      guests: 3,
      quiet: true,
      taskSpeed: 0,
      seed: 7,
    });
    try {
      expect(await health.check(res.body.id)).toMatchObject({ status: 'online', changed: true });
    } finally {
      await again.close();
    }
  });

  it('imports clusters from CSV with a dry run first, and tests many at once', async () => {
    const [a, b] = sim.clusters;
    const csv = [
      'name,endpoints,token_id,token_secret,fingerprint,location,tags',
      `csv-a,${a.url},${token.id},${token.secret},${a.fingerprint},DC1,csv`,
      `csv-b,${b.url},root@pam!none,wrong,${b.fingerprint},DC2,csv`,
      `lab-one,${a.url},${token.id},${token.secret},${a.fingerprint},,`,
      `,${a.url},${token.id},x,,,`,
    ].join('\n');
    const dry = await ctx.http
      .post('/api/clusters/import')
      .set(admin.auth)
      .send({ csv, dryRun: true });
    expect(dry.status).toBe(200);
    expectApiResponse('POST /clusters/import', dry);
    expect(dry.body).toMatchObject({ dryRun: true, total: 4, valid: 2, created: 0 });
    expect(dry.body.rows[2].problems).toEqual(['a cluster named "lab-one" already exists']);
    expect(dry.body.rows[3].problems.join(' ')).toMatch(/name/);
    expect(await ctx.prisma.cluster.count({ where: { name: { startsWith: 'csv-' } } })).toBe(0);

    const real = await ctx.http
      .post('/api/clusters/import')
      .set(admin.auth)
      .send({ csv, dryRun: false });
    expect(real.body).toMatchObject({ dryRun: false, created: 2 });
    const ids = real.body.rows
      .filter((r: { clusterId?: string }) => r.clusterId)
      .map((r: { clusterId: string }) => r.clusterId);

    const bulk = await ctx.http
      .post('/api/bulk-clusters/test-connection')
      .set(admin.auth)
      .send({ clusterIds: [...ids, '0190a7e2-0000-7000-8000-000000000000'] });
    expect(bulk.status).toBe(200);
    expectApiResponse('POST /bulk-clusters/test-connection', bulk);
    const byName = Object.fromEntries(
      bulk.body.map((r: { name: string | null }) => [r.name ?? 'missing', r]),
    );
    expect(byName['csv-a'].result).toMatchObject({ ok: true });
    expect(byName['csv-b'].result).toMatchObject({ ok: false, errorCode: 'PVE_AUTH' });
    expect(byName.missing).toMatchObject({ result: null, error: 'Cluster not found' });
  });

  it('refuses cluster management to customers', async () => {
    const customer = await ctx.login(await ctx.newUser({ role: 'company_admin' }));
    expect((await ctx.http.get('/api/clusters').set(customer.auth)).status).toBe(403);
    expect(
      (await ctx.http.post('/api/clusters').set(customer.auth).send(clusterBody('nope'))).status,
    ).toBe(403);
    expect(
      (
        await ctx.http
          .post('/api/bulk-clusters/test-connection')
          .set(customer.auth)
          .send({ clusterIds: [] })
      ).status,
    ).toBe(403);
  });
});
