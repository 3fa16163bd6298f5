import { createPrismaClient, type PrismaService } from '../../src/common/prisma/prisma.service';
import { IpamVlansRepository } from '../../src/modules/ipam/ipam-vlans.repository';
import { IpamVlansService } from '../../src/modules/ipam/ipam-vlans.service';
import { IpamService } from '../../src/modules/ipam/ipam.service';
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
});
