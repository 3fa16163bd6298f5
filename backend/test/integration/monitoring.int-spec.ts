import { MetricsCollectService } from '../../src/modules/monitoring/metrics-collect.service';
import { MetricsRollupService } from '../../src/modules/monitoring/metrics-rollup.service';
import { MonitoringRepository } from '../../src/modules/monitoring/monitoring.repository';
import { expectApiResponse } from '../helpers/api-response';
import { VmsHarness } from './vms-harness';

// Issue 20, collection and storage: one /cluster/resources read per cluster and minute gives the
// cluster, node and company aggregates (stored), read back through the access layer.
describe('monitoring: collection, storage, rollups and the metrics API', () => {
  let h: VmsHarness;
  let collector: MetricsCollectService;
  let acme: string;
  let globex: string;
  const minute = Math.floor(Date.now() / 60_000) - 3;

  beforeAll(async () => {
    h = await VmsHarness.start({ nodes: 2, guests: 12 });
    collector = h.ctx.app.get(MetricsCollectService);
    const p = h.ctx.prisma;
    acme = (await h.ctx.newCompany()).id;
    globex = (await h.ctx.newCompany()).id;
    const guests = await p.guest.findMany({
      where: { clusterId: h.clusterId, template: false, goneAt: null },
      orderBy: { vmid: 'asc' },
    });
    await p.guest.updateMany({
      where: { id: { in: guests.slice(0, 4).map((g) => g.id) } },
      data: { companyId: acme },
    });
    await p.guest.updateMany({
      where: { id: { in: guests.slice(4, 6).map((g) => g.id) } },
      data: { companyId: globex },
    });
  }, 60_000);
  afterAll(() => h.close());

  it('stores one point per series and minute from a single Proxmox request', async () => {
    const seen = h.contract.seen.size;
    const before = h.rt.state.guests.size;
    const c1 = await collector.collect(h.clusterId, minute);
    expect(c1).toMatchObject({ ok: true });
    const c2 = await collector.collect(h.clusterId, minute + 1);
    expect(c2?.ok && c2.readings.guests.length).toBe(before - 3); // templates left out
    // Nothing but what sync already used, and Ceph's status (read only where a Ceph storage exists).
    expect(
      [...h.contract.seen].slice(seen).filter((r) => r !== 'GET /cluster/ceph/status'),
    ).toEqual([]);
    expect(h.contract.seen.has('GET /cluster/resources')).toBe(true);
    expect(h.contract.violations).toEqual([]);

    const series = await h.ctx.prisma.metricSeries.findMany({
      where: { OR: [{ clusterId: h.clusterId }, { companyId: { in: [acme, globex] } }] },
    });
    expect(series.map((s) => s.kind).sort()).toEqual([
      'cluster',
      'company',
      'company',
      'node',
      'node',
    ]);
    const points = await h.ctx.app.get(MonitoringRepository).samples(
      series.map((s) => s.id),
      60,
      new Date(0),
    );
    expect(points).toHaveLength(series.length * 2);
    // Packed: one chunk row per series and hour, not one row per sample.
    const chunks = await h.ctx.prisma.metricChunk.count({
      where: { seriesId: { in: series.map((s) => s.id) }, step: 60 },
    });
    expect(chunks).toBeLessThanOrEqual(series.length * 2);
    expect(chunks).toBeGreaterThanOrEqual(series.length);
  });

  it('computes network and disk rates from the counters of the previous read', async () => {
    const running = [...h.rt.state.guests.values()].find(
      (g) => g.status === 'running' && !g.config.template,
    )!;
    // The simulator's counters move with uptime (whole seconds, 2 s snapshots, like pvestatd's).
    await new Promise((r) => setTimeout(r, 2_100));
    const c = await collector.collect(h.clusterId, minute + 2);
    const g = c?.ok ? c.readings.guests.find((x) => x.vmid === running.vmid) : undefined;
    expect(g?.netin).toBeGreaterThan(0);
    expect(g?.diskwrite).toBeGreaterThan(0);
  });

  it('serves cluster and node series to staff, per timeframe', async () => {
    const res = await h.ctx.http
      .get(`/api/monitoring/clusters/${h.clusterId}/metrics`)
      .query({ timeframe: 'hour' })
      .set(h.admin.auth);
    expectApiResponse('GET /monitoring/clusters/:id/metrics', res);
    expect(res.body).toMatchObject({ kind: 'cluster', clusterId: h.clusterId, step: 60 });
    expect(res.body.points).toHaveLength(3);
    const p = res.body.points[2];
    expect(p.at).toBe(new Date((minute + 2) * 60_000).toISOString());
    expect(p.maxcpu).toBeGreaterThan(0);
    expect(p.running).toBeGreaterThan(0);
    expect(p.netin).toBeGreaterThan(0);

    const node = await h.ctx.http
      .get(`/api/monitoring/clusters/${h.clusterId}/nodes/pve1/metrics`)
      .set(h.admin.auth);
    expect(node.status).toBe(200);
    expect(node.body.points).toHaveLength(3);
    const missing = await h.ctx.http
      .get(`/api/monitoring/clusters/${h.clusterId}/nodes/nope/metrics`)
      .set(h.admin.auth);
    expect(missing.status).toBe(404);
    const bad = await h.ctx.http
      .get(`/api/monitoring/clusters/${h.clusterId}/metrics`)
      .query({ timeframe: 'fortnight' })
      .set(h.admin.auth);
    expect(bad.status).toBe(400);
  });

  it("reads a node's RRD from Proxmox on demand", async () => {
    const res = await h.ctx.http
      .get(`/api/monitoring/clusters/${h.clusterId}/nodes/pve1/rrd`)
      .query({ timeframe: 'day' })
      .set(h.admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(10);
    expect(res.body[0]).toHaveProperty('cpu');
    expect(h.contract.seen.has('GET /nodes/pve1/rrddata')).toBe(true);
    expect(h.contract.violations).toEqual([]);
  });

  it("shows a company admin their company's figures only, and no fleet figures", async () => {
    const admin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme }),
    );
    const own = await h.ctx.http.get(`/api/monitoring/companies/${acme}/metrics`).set(admin.auth);
    expect(own.status).toBe(200);
    expect(own.body.points).toHaveLength(3);
    expect(own.body.points[0].guests).toBe(4);
    const foreign = await h.ctx.http
      .get(`/api/monitoring/companies/${globex}/metrics`)
      .set(admin.auth);
    expect([foreign.status, foreign.body.message]).toEqual([404, 'Company not found']);
    const fleet = await h.ctx.http.get('/api/monitoring/fleet').set(admin.auth);
    expect(fleet.status).toBe(403);
    const cluster = await h.ctx.http
      .get(`/api/monitoring/clusters/${h.clusterId}/metrics`)
      .set(admin.auth);
    expect(cluster.status).toBe(403);
  });

  it('gives staff the fleet at a glance', async () => {
    const res = await h.ctx.http.get('/api/monitoring/fleet').set(h.admin.auth);
    expectApiResponse('GET /monitoring/fleet', res);
    const c = res.body.clusters.find((x: { clusterId: string }) => x.clusterId === h.clusterId);
    expect(c.nodes.map((n: { node: string }) => n.node)).toEqual(['pve1', 'pve2']);
  });

  it('rolls minutes up into 15-minute and daily points and prunes past retention', async () => {
    const rollups = h.ctx.app.get(MetricsRollupService);
    const p = h.ctx.prisma;
    const [cluster] = await p.metricSeries.findMany({
      where: { kind: 'cluster', clusterId: h.clusterId },
    });
    // Two old minutes in one quarter far in the past, to be pruned at the 1-minute tier.
    const repo = h.ctx.app.get(MonitoringRepository);
    const count = async (step: 60 | 900 | 86400, from: Date, to?: Date) =>
      (await repo.samples([cluster.id], step, from, to)).length;
    const old = new Date(Date.now() - 3 * 86400_000);
    old.setUTCMinutes(0, 0, 0);
    const base = { maxcpu: 8, mem: 0, maxmem: 0, disk: 0, maxdisk: 0, netin: 0, netout: 0 };
    const rest = { diskread: 0, diskwrite: 0, guests: 3 };
    await repo.writePoints(60, old, [
      { seriesId: cluster.id, sample: { ...base, ...rest, cpu: 2, running: 1 } },
    ]);
    await repo.writePoints(60, new Date(old.getTime() + 60_000), [
      { seriesId: cluster.id, sample: { ...base, ...rest, cpu: 4, running: 2 } },
    ]);
    const after = new Date(old.getTime() + 1);
    await rollups.run(old.getTime() + 5 * 60_000);
    const [q] = await repo.samples([cluster.id], 900, old, after);
    expect(q.at).toEqual(old);
    expect([q.sample.cpu, q.sample.running, q.sample.guests]).toEqual([3, 2, 3]);
    const day = new Date(old);
    day.setUTCHours(0);
    const [d] = await repo.samples([cluster.id], 86400, day, new Date(day.getTime() + 1));
    expect(d?.sample.cpu).toBe(3);

    await rollups.run();
    expect(await count(60, old, new Date(old.getTime() + 3600_000))).toBe(0);
    // Recent minutes stay, and now have their quarter.
    expect(await count(60, new Date(0))).toBe(3);
    expect(await count(900, old, after)).toBe(1);
    expect(await count(900, after)).toBeGreaterThan(0);
  });
});
