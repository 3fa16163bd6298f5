import { createPrismaClient, type PrismaService } from '../../src/common/prisma/prisma.service';
import { IpamVlansRepository } from '../../src/modules/ipam/ipam-vlans.repository';
import { IpamVlansService } from '../../src/modules/ipam/ipam-vlans.service';
import { IpamService } from '../../src/modules/ipam/ipam.service';
import { expectApiResponse } from '../helpers/api-response';
import { clusterFor } from '../helpers/foreign-resources';
import { TestContext } from '../helpers/test-context';

// VLAN pools per cluster on real MariaDB: IpamService.takeNextVlan hands out the lowest free tag of
// the cluster's pools, never the same tag twice under concurrency from independent connection
// pools (as several processes would), and says so when the pools are exhausted.
describe('ipam VLAN pools', () => {
  let ctx: TestContext;
  let acme: string;
  let globex: string;

  beforeAll(async () => {
    ctx = await TestContext.create();
    acme = (await ctx.newCompany({ name: 'Acme VLAN' })).id;
    globex = (await ctx.newCompany({ name: 'Globex VLAN' })).id;
  });
  afterAll(() => ctx.close());

  it('takes the lowest free tag per cluster and refuses overlapping pools', async () => {
    const ipam = ctx.app.get(IpamService);
    const vlans = ctx.app.get(IpamVlansService);
    const c1 = (await clusterFor(ctx, [], 'vlan-c1')).cluster.id;
    const c2 = (await clusterFor(ctx, [], 'vlan-c2')).cluster.id;
    await expect(ipam.takeNextVlan(c1, acme)).rejects.toMatchObject({
      code: 'IPAM_VLAN_POOL_EXHAUSTED',
      message: expect.stringContaining('no VLAN pool'),
    });
    await vlans.createPool({ clusterId: c1, name: 'Tenants A', vlanFrom: 100, vlanTo: 101 });
    await vlans.createPool({ clusterId: c1, name: 'Tenants B', vlanFrom: 300, vlanTo: 300 });
    await vlans.createPool({ clusterId: c2, name: 'Other cluster', vlanFrom: 100, vlanTo: 100 });
    await expect(
      vlans.createPool({ clusterId: c1, name: 'Clash', vlanFrom: 90, vlanTo: 100 }),
    ).rejects.toMatchObject({ code: 'IPAM_VLAN_POOL_OVERLAP' });
    await expect(
      vlans.createPool({ clusterId: c1, name: 'Bad', vlanFrom: 10, vlanTo: 5000 }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

    const a = await ipam.takeNextVlan(c1, acme);
    const b = await ipam.takeNextVlan(c1, globex, { purpose: 'firewall', note: 'OPNsense' });
    const c = await ipam.takeNextVlan(c1, acme);
    expect([a.vlan, b.vlan, c.vlan]).toEqual([100, 101, 300]);
    expect(a).toMatchObject({ clusterId: c1, companyId: acme });
    // another cluster's pool is its own: tag 100 again
    expect((await ipam.takeNextVlan(c2, globex)).vlan).toBe(100);
    await expect(ipam.takeNextVlan(c1, acme)).rejects.toMatchObject({
      code: 'IPAM_VLAN_POOL_EXHAUSTED',
      message: expect.stringContaining('No free VLAN'),
    });
    expect((await vlans.companyVlans(acme, c1)).map((v) => v.vlan)).toEqual([100, 300]);
    // a released tag is handed out again
    expect(await ipam.releaseVlan(c1, 101)).toBe(true);
    expect(await ipam.releaseVlan(c1, 101)).toBe(false);
    expect((await ipam.takeNextVlan(c1, acme)).vlan).toBe(101);
  });

  it('never hands out one tag twice under concurrency from several connection pools', async () => {
    const cluster = (await clusterFor(ctx, [], 'vlan-race')).cluster.id;
    await ctx.app
      .get(IpamVlansService)
      .createPool({ clusterId: cluster, name: 'Race', vlanFrom: 1000, vlanTo: 1039 });
    const clients = [0, 1, 2].map(() => createPrismaClient(ctx.config.env.DATABASE_URL));
    try {
      const services = clients.map(
        (p) => new IpamVlansService(new IpamVlansRepository(p as unknown as PrismaService)),
      );
      const outcomes = await Promise.allSettled(
        Array.from({ length: 45 }, (_, i) => services[i % 3].takeNext(cluster, acme)),
      );
      const tags = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.vlan] : []));
      const refused = outcomes.flatMap((o) =>
        o.status === 'rejected' ? [(o.reason as { code?: string }).code] : [],
      );
      expect(tags).toHaveLength(40);
      expect(new Set(tags).size).toBe(40);
      expect(Math.min(...tags)).toBe(1000);
      expect(Math.max(...tags)).toBe(1039);
      expect(refused).toEqual(Array(5).fill('IPAM_VLAN_POOL_EXHAUSTED'));
    } finally {
      await Promise.all(clients.map((p) => p.$disconnect()));
    }
  });

  it('HTTP: super_admin keeps pools, staff assign tags, the company reads its own, others see nothing', async () => {
    const sales = await ctx.newUser({ role: 'salesperson' });
    await ctx.assignSales(sales.id, acme);
    const [admin, salesIn, acmeAdmin, globexAdmin] = await Promise.all([
      ctx.newUser({ role: 'super_admin' }).then((u) => ctx.login(u)),
      ctx.login(sales),
      ctx.newUser({ role: 'company_admin', companyId: acme }).then((u) => ctx.login(u)),
      ctx.newUser({ role: 'company_admin', companyId: globex }).then((u) => ctx.login(u)),
    ]);
    const cluster = (await clusterFor(ctx, [acme, globex], 'vlan-http')).cluster.id;
    const pools = `/api/ipam/clusters/${cluster}/vlan-pools`;

    const bad = await ctx.http
      .post(pools)
      .set(admin.auth)
      .send({ name: 'Backwards', vlanFrom: 300, vlanTo: 200 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('vlanTo');
    expect(
      (await ctx.http.post(pools).set(salesIn.auth).send({ name: 'S', vlanFrom: 1, vlanTo: 2 }))
        .status,
    ).toBe(403);
    const pool = await ctx.http
      .post(pools)
      .set(admin.auth)
      .send({ name: 'Tenants', vlanFrom: 200, vlanTo: 202, note: 'rack 1' });
    expectApiResponse('POST /ipam/clusters/:id/vlan-pools', pool);
    expect(pool.status).toBe(201);
    expect(pool.body).toMatchObject({ name: 'Tenants', vlanFrom: 200, vlanTo: 202, size: 3 });
    const clash = await ctx.http
      .post(pools)
      .set(admin.auth)
      .send({ name: 'Clash', vlanFrom: 202, vlanTo: 210 });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'IPAM_VLAN_POOL_OVERLAP' });
    expect(clash.body.message).toContain('"Tenants"');

    const acmeVlans = `/api/ipam/companies/${acme}/vlans`;
    // the salesperson assigned to Acme takes a chosen tag; super_admin the lowest free one
    const chosen = await ctx.http
      .post(acmeVlans)
      .set(salesIn.auth)
      .send({ clusterId: cluster, vlan: 202 });
    expectApiResponse('POST /ipam/companies/:id/vlans', chosen);
    expect(chosen.status).toBe(201);
    expect(chosen.body).toMatchObject({ vlan: 202, companyId: acme, poolName: 'Tenants' });
    const next = await ctx.http.post(acmeVlans).set(admin.auth).send({ clusterId: cluster });
    expect(next.body).toMatchObject({ vlan: 200 });
    const taken = await ctx.http
      .post(`/api/ipam/companies/${globex}/vlans`)
      .set(admin.auth)
      .send({ clusterId: cluster, vlan: 202 });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'IPAM_VLAN_TAKEN' });
    const outside = await ctx.http
      .post(`/api/ipam/companies/${globex}/vlans`)
      .set(admin.auth)
      .send({ clusterId: cluster, vlan: 999 });
    expect(outside.status).toBe(400);
    expect(outside.body).toMatchObject({ code: 'IPAM_VLAN_OUTSIDE_POOL' });
    // not the salesperson's company: it looks missing
    const salesForeign = await ctx.http
      .post(`/api/ipam/companies/${globex}/vlans`)
      .set(salesIn.auth)
      .send({ clusterId: cluster });
    expect(salesForeign.status).toBe(404);

    type Assigned = { id: string; vlan: number; clusterId: string };
    const onCluster = (body: Assigned[]) => body.filter((v) => v.clusterId === cluster);
    const mine = await ctx.http.get(acmeVlans).set(acmeAdmin.auth);
    expectApiResponse('GET /ipam/companies/:id/vlans', mine);
    expect(onCluster(mine.body).map((v) => v.vlan)).toEqual([200, 202]);
    expect(
      (await ctx.http.post(acmeVlans).set(acmeAdmin.auth).send({ clusterId: cluster })).status,
    ).toBe(403);
    expect((await ctx.http.get(acmeVlans).set(globexAdmin.auth)).status).toBe(404);
    expect((await ctx.http.get(pools).set(acmeAdmin.auth)).status).toBe(403);

    const listed = await ctx.http.get(pools).set(admin.auth);
    expectApiResponse('GET /ipam/clusters/:id/vlan-pools', listed);
    expect(listed.body).toEqual([expect.objectContaining({ id: pool.body.id, assigned: 2 })]);
    const inUse = await ctx.http.delete(`/api/ipam/vlan-pools/${pool.body.id}`).set(admin.auth);
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({ code: 'IPAM_VLAN_POOL_IN_USE' });

    // Globex cannot take Acme's tag back; staff can
    const id = chosen.body.id as string;
    expect(
      (await ctx.http.delete(`/api/ipam/companies/${globex}/vlans/${id}`).set(admin.auth)).status,
    ).toBe(404);
    for (const v of onCluster(mine.body)) {
      const out = await ctx.http
        .delete(`/api/ipam/companies/${acme}/vlans/${v.id}`)
        .set(admin.auth);
      expect(out.status).toBe(204);
    }
    expect(onCluster((await ctx.http.get(acmeVlans).set(acmeAdmin.auth)).body)).toEqual([]);
    expect(
      (await ctx.http.delete(`/api/ipam/vlan-pools/${pool.body.id}`).set(admin.auth)).status,
    ).toBe(204);
  });

  it('a guest on a cluster with pools may carry only its company’s (or the MSP’s) tags', async () => {
    const vlans = ctx.app.get(IpamVlansService);
    const cluster = (await clusterFor(ctx, [], 'vlan-guest')).cluster.id;
    const free = (await clusterFor(ctx, [], 'vlan-free')).cluster.id;
    await vlans.createPool({ clusterId: cluster, name: 'G', vlanFrom: 10, vlanTo: 19 });
    await vlans.takeNext(cluster, acme, { vlan: 10 });
    await vlans.takeNext(cluster, globex, { vlan: 11 });
    await vlans.takeNext(cluster, null, { vlan: 12 });
    const nics = (...tags: Array<number | undefined>) =>
      tags.map((vlan, i) => ({ path: `networks.${i}.vlan`, vlan }));
    await expect(
      vlans.requireGuestVlans(cluster, acme, nics(10, undefined, 12)),
    ).resolves.toBeUndefined();
    await expect(vlans.requireGuestVlans(cluster, acme, nics(10, 11))).rejects.toMatchObject({
      code: 'IPAM_VLAN_NOT_ALLOWED',
      details: { path: 'networks.1.vlan', vlan: 11 },
    });
    await expect(vlans.requireGuestVlans(cluster, acme, nics(13))).rejects.toMatchObject({
      code: 'IPAM_VLAN_NOT_ALLOWED',
    });
    // a cluster without pools leaves tags free
    await expect(vlans.requireGuestVlans(free, acme, nics(11, 13))).resolves.toBeUndefined();
  });
});
