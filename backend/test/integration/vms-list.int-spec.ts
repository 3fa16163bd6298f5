import { randomUUID } from 'node:crypto';
import { SecretsCipher } from '../../src/common/crypto/secrets-cipher';
import type { Company } from '../../src/generated/prisma/client';
import { CLUSTER_SECRET_CONTEXT } from '../../src/modules/clusters/cluster-connection.service';
import { TestContext, type LoggedIn } from '../helpers/test-context';

/**
 * GET /api/vms over real MariaDB: the list is prepared SQL (vms-list.sql.ts), so every filter,
 * sort and the scope are checked here against rows seeded with known values.
 */
describe('GET /api/vms list (integration)', () => {
  let ctx: TestContext;
  let acme: Company;
  let globex: Company;
  let acmeAdmin: LoggedIn;
  let staff: LoggedIn;
  let clusterId: string;
  const acmeNames: string[] = [];

  type Item = { id: string; name: string; status: string; kind: string; tags: string[] };
  const list = async (auth: LoggedIn, query: Record<string, string | number>) => {
    const res = await ctx.http.get('/api/vms').query(query).set(auth.auth);
    expect(res.status).toBe(200);
    return res.body as { items: Item[]; total: number; page: number; pageSize: number };
  };

  const newCluster = async () => {
    const cluster = await ctx.prisma.cluster.create({
      data: {
        name: ctx.unique('list'),
        endpoints: [{ url: 'https://127.0.0.1:1' }],
        authType: 'token',
        authUser: 'x@pam!y',
        // A real ciphertext: other suites (reencrypt-secrets) read every stored secret.
        secret: ctx.app.get(SecretsCipher).encrypt('unused', CLUSTER_SECRET_CONTEXT),
        tags: [],
        status: 'online',
      },
    });
    return cluster.id;
  };

  beforeAll(async () => {
    ctx = await TestContext.create();
    acme = await ctx.newCompany();
    globex = await ctx.newCompany();
    clusterId = await newCluster();
    const rows = [];
    for (let i = 0; i < 23; i++) {
      const name = `acme-${String(i).padStart(2, '0')}${i === 7 ? '_50%' : ''}`;
      acmeNames.push(name);
      rows.push({
        clusterId,
        vmid: 1000 + i,
        activeVmid: 1000 + i,
        kind: i % 3 === 0 ? ('lxc' as const) : ('qemu' as const),
        name,
        status: i % 2 === 0 ? 'running' : 'stopped',
        node: i < 10 ? 'pve1' : 'pve2',
        maxcpu: 2,
        maxmem: BigInt(2 * 1024 ** 3),
        maxdisk: BigInt(32 * 1024 ** 3),
        tags: i % 5 === 0 ? ['prod', 'web'] : ['dev'],
        companyId: acme.id,
        syncHash: '0000000000000000',
      });
    }
    for (let i = 0; i < 5; i++) {
      rows.push({
        clusterId,
        vmid: 2000 + i,
        activeVmid: 2000 + i,
        kind: 'qemu' as const,
        name: `globex-${i}`,
        status: 'running',
        node: 'pve1',
        maxcpu: 1,
        maxmem: BigInt(1024 ** 3),
        maxdisk: null,
        tags: ['prod'],
        companyId: globex.id,
        syncHash: '0000000000000000',
      });
    }
    // A guest gone from Proxmox and an unassigned one: never in anyone's list.
    rows.push({ ...rows[0], vmid: 3000, activeVmid: 3000, name: 'acme-gone', goneAt: new Date() });
    rows.push({ ...rows[0], vmid: 3001, activeVmid: 3001, name: 'acme-free', companyId: null });
    await ctx.prisma.guest.createMany({ data: rows });
    acmeAdmin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme.id }));
    staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
  });
  afterAll(() => ctx.close());

  it('pages through one company in name order with an exact total and no overlap', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const body = await list(acmeAdmin, { page, pageSize: 10, sort: 'name' });
      expect(body.total).toBe(23);
      seen.push(...body.items.map((i) => i.name));
    }
    expect(seen).toEqual([...acmeNames].sort());
    const desc = await list(acmeAdmin, { pageSize: 5, sort: '-name' });
    expect(desc.items.map((i) => i.name)).toEqual([...acmeNames].sort().reverse().slice(0, 5));
  });

  it('deep pages (read through the deferred join) continue the same order, filters and scope', async () => {
    const big = await ctx.newCompany();
    const bigCluster = await newCluster(); // the other tests count this file's first cluster
    const names = Array.from({ length: 330 }, (_, i) => `big-${String(i).padStart(3, '0')}`);
    await ctx.prisma.guest.createMany({
      data: names.map((name, i) => ({
        clusterId: bigCluster,
        vmid: 5000 + i,
        activeVmid: 5000 + i,
        kind: 'qemu' as const,
        name,
        status: i % 3 === 0 ? 'stopped' : 'running',
        node: 'pve1',
        tags: [],
        companyId: big.id,
        syncHash: '0000000000000000',
      })),
    });
    const bigAdmin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: big.id }),
    );
    const walk = async (query: Record<string, string | number>) => {
      const seen: string[] = [];
      for (let page = 1; page <= 7; page++) {
        const body = await list(bigAdmin, { ...query, page, pageSize: 50 });
        seen.push(...body.items.map((i) => i.name));
      }
      return seen;
    };
    expect(await walk({ sort: 'name' })).toEqual(names);
    const running = names.filter((_, i) => i % 3 !== 0);
    expect(await walk({ sort: '-name', status: 'running' })).toEqual([...running].reverse());
    const page5 = await list(bigAdmin, { sort: 'status', page: 5, pageSize: 50 });
    expect(page5.items.map((i) => i.name)).toEqual(
      [...running, ...names.filter((_, i) => i % 3 === 0)].slice(200, 250),
    );
    // Another company's admin asking for the same deep page sees none of these guests.
    const foreign = await list(acmeAdmin, { page: 5, pageSize: 50, search: 'big-' });
    expect(foreign.items).toEqual([]);
  });

  it('returns rows typed as the API promises', async () => {
    const body = await list(acmeAdmin, { search: 'acme-05' });
    expect(body.items).toHaveLength(1);
    const stored = await ctx.prisma.guest.findFirstOrThrow({ where: { name: 'acme-05' } });
    // Timestamps read through the driver are the same instants Prisma wrote (UTC both ways).
    expect((body.items[0] as unknown as { updatedAt: string }).updatedAt).toBe(
      stored.updatedAt.toISOString(),
    );
    expect(body.items[0]).toMatchObject({
      name: 'acme-05',
      vmid: 1005,
      kind: 'qemu',
      status: 'stopped',
      node: 'pve1',
      tags: ['prod', 'web'],
      companyId: acme.id,
      clusterId,
      cpus: 2,
      maxmem: 2 * 1024 ** 3,
      maxdisk: 32 * 1024 ** 3,
      template: false,
      lock: null,
    });
  });

  it('filters by type, status, node, tag, name and vmid search (wildcards taken literally)', async () => {
    expect((await list(acmeAdmin, { type: 'lxc' })).total).toBe(8);
    expect((await list(acmeAdmin, { status: 'running' })).total).toBe(12);
    expect((await list(acmeAdmin, { node: 'pve2', status: 'stopped' })).total).toBe(6);
    const prod = await list(acmeAdmin, { tag: 'prod' });
    expect(prod.items.map((i) => i.name).sort()).toEqual(
      ['acme-00', 'acme-05', 'acme-10', 'acme-15', 'acme-20'].sort(),
    );
    expect((await list(acmeAdmin, { search: '_50%' })).items.map((i) => i.name)).toEqual([
      'acme-07_50%',
    ]);
    expect((await list(acmeAdmin, { search: '%' })).total).toBe(1);
    expect((await list(acmeAdmin, { search: '1012' })).items.map((i) => i.name)).toEqual([
      'acme-12',
    ]);
  });

  it('never leaves the caller scope, whatever the filters ask for', async () => {
    const all = await list(acmeAdmin, { pageSize: 500 });
    expect(all.items.every((i) => i.name.startsWith('acme-') && i.name !== 'acme-gone')).toBe(true);
    expect(all.items.map((i) => i.name)).not.toContain('acme-free');
    expect((await list(acmeAdmin, { companyId: globex.id })).total).toBe(0);
    expect((await list(acmeAdmin, { tag: 'prod', search: 'globex' })).total).toBe(0);
    const staffView = await list(staff, { clusterId, pageSize: 500 });
    expect(staffView.total).toBe(28);
    expect((await list(staff, { clusterId, companyId: globex.id })).total).toBe(5);
  });

  it('shows a `user` only the guests granted to them', async () => {
    const user = await ctx.newUser({ role: 'user', companyId: acme.id });
    const auth = await ctx.login(user);
    expect((await list(auth, {})).total).toBe(0);
    const target = await ctx.prisma.guest.findFirstOrThrow({ where: { name: 'acme-03' } });
    await ctx.prisma.vmGrant.create({
      data: {
        id: randomUUID(),
        userId: user.id,
        companyId: acme.id,
        guestId: target.id,
        rights: ['view'],
      },
    });
    const body = await list(auth, { pageSize: 500 });
    expect(body.items.map((i) => i.name)).toEqual(['acme-03']);
    expect(body.total).toBe(1);
  });

  it('keeps small totals exact from one request to the next', async () => {
    const before = (await list(acmeAdmin, {})).total;
    const g = await ctx.prisma.guest.findFirstOrThrow({ where: { name: 'acme-22' } });
    await ctx.prisma.guest.update({ where: { id: g.id }, data: { goneAt: new Date() } });
    expect((await list(acmeAdmin, {})).total).toBe(before - 1);
    await ctx.prisma.guest.update({ where: { id: g.id }, data: { goneAt: null } });
    expect((await list(acmeAdmin, {})).total).toBe(before);
  });

  it('answers a bad query with a 400 that names the field', async () => {
    const res = await ctx.http.get('/api/vms').query({ sort: 'drop table' }).set(acmeAdmin.auth);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('sort');
  });
});
