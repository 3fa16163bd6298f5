import { createPrismaClient } from '../../src/common/prisma/prisma.service';
import { IpamAllocationsRepository } from '../../src/modules/ipam/ipam-allocations.repository';
import { IpamService } from '../../src/modules/ipam/ipam.service';
import type { PrismaService } from '../../src/common/prisma/prisma.service';
import { expectApiResponse } from '../helpers/api-response';
import { clusterFor } from '../helpers/foreign-resources';
import { TestContext, type LoggedIn } from '../helpers/test-context';

// IPAM on real MariaDB: ranges with tenancy, next-free and static allocation, reservations, release
// with a hold, the address table, and no duplicate address under parallel allocation from several
// independent connection pools (as several API processes would be).
describe('ipam', () => {
  let ctx: TestContext;
  let staff: LoggedIn;
  let acmeAdmin: LoggedIn;
  let globexAdmin: LoggedIn;
  let acmeUser: LoggedIn;
  let sales: LoggedIn;
  let acme: string;
  let globex: string;
  let net = 0;
  /** A fresh 10.x.y.0/24 for each test, so tests never overlap each other. */
  const nextNet = () => `10.${100 + Math.floor(++net / 200)}.${net % 200}.0`;

  beforeAll(async () => {
    ctx = await TestContext.create();
    acme = (await ctx.newCompany({ name: 'Acme IPAM' })).id;
    globex = (await ctx.newCompany({ name: 'Globex IPAM' })).id;
    staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    acmeAdmin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme }));
    globexAdmin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: globex }));
    acmeUser = await ctx.login(await ctx.newUser({ role: 'user', companyId: acme }));
    const s = await ctx.newUser({ role: 'salesperson' });
    await ctx.assignSales(s.id, globex);
    sales = await ctx.login(s);
  });
  afterAll(() => ctx.close());

  const createRange = async (body: Record<string, unknown>, who = staff) =>
    ctx.http.post('/api/ipam/ranges').set(who.auth).send(body);

  it('creates a company range with its gateway reserved and shows it to that company only', async () => {
    const base = nextNet();
    const res = await createRange({
      name: 'Acme LAN',
      cidr: `${base}/24`,
      companyId: acme,
      vlan: 100,
      gateway: base.replace(/0$/, '1'),
      dnsServers: ['1.1.1.1', '2606:4700:4700::1111'],
      searchDomain: 'acme.example',
    });
    expectApiResponse('POST /ipam/ranges', res);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      family: 4,
      cidr: `${base}/24`,
      companyId: acme,
      companyName: 'Acme IPAM',
      firstUsable: base.replace(/0$/, '1'),
      lastUsable: base.replace(/0$/, '254'),
      usage: { size: 254, allocated: 0, reserved: 1, held: 0, free: 253 },
    });
    const id = res.body.id as string;
    const one = await ctx.http.get(`/api/ipam/ranges/${id}`).set(acmeAdmin.auth);
    expectApiResponse('GET /ipam/ranges/:id', one);
    const own = await ctx.http.get('/api/ipam/ranges?pageSize=200').set(acmeAdmin.auth);
    expectApiResponse('GET /ipam/ranges', own);
    expect(own.body.items.map((r: { id: string }) => r.id)).toContain(id);
    for (const who of [globexAdmin, sales]) {
      const r = await ctx.http.get(`/api/ipam/ranges/${id}`).set(who.auth);
      expect([r.status, r.body.message]).toEqual([404, 'IP range not found']);
      const list = await ctx.http.get('/api/ipam/ranges?pageSize=200').set(who.auth);
      expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(id);
    }
    // A per-VM user has no IPAM permission; a company admin may not create ranges.
    expect((await ctx.http.get('/api/ipam/ranges').set(acmeUser.auth)).status).toBe(403);
    expect((await createRange({ name: 'x', cidr: '10.250.0.0/24' }, acmeAdmin)).status).toBe(403);
  });

  it('refuses bad input with clear 4xx answers', async () => {
    const bad = await createRange({ name: 'bad', cidr: '10.0.0.5/24', companyId: acme });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('host bits are set');
    const junk = await createRange({ name: 'bad', cidr: 'not-a-cidr', companyId: acme });
    expect([junk.status, junk.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const gw = await createRange({
      name: 'bad',
      cidr: '10.99.0.0/24',
      companyId: acme,
      gateway: '10.98.0.1',
    });
    expect([gw.status, gw.body.message]).toEqual([
      400,
      'Invalid input: gateway: outside 10.99.0.0/24',
    ]);
    // Overlap on the same VLAN is refused; a different VLAN may reuse the space.
    const base = nextNet();
    expect((await createRange({ name: 'A', cidr: `${base}/24`, vlan: 200 })).status).toBe(201);
    const over = await createRange({
      name: 'B',
      cidr: `${base.replace(/\.\d+\.0$/, '.0.0')}/16`,
      vlan: 200,
    });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('IPAM_RANGE_OVERLAP');
    expect(over.body.message).toContain('overlaps range "A"');
    expect((await createRange({ name: 'C', cidr: `${base}/25`, vlan: 201 })).status).toBe(201);
    // On different clusters the same VLAN and space are fine too.
    const c1 = (await clusterFor(ctx, [], 'ipam-c1')).cluster.id;
    const c2 = (await clusterFor(ctx, [], 'ipam-c2')).cluster.id;
    const base2 = nextNet();
    expect(
      (await createRange({ name: 'D', cidr: `${base2}/24`, vlan: 5, clusterIds: [c1] })).status,
    ).toBe(201);
    expect(
      (await createRange({ name: 'E', cidr: `${base2}/24`, vlan: 5, clusterIds: [c2] })).status,
    ).toBe(201);
    const both = await createRange({ name: 'F', cidr: `${base2}/24`, vlan: 5 });
    expect(both.status).toBe(409);
  });

  it('allocates next-free and static addresses, refuses taken, outside and exhausted', async () => {
    const base = nextNet();
    const prefix = base.replace(/0$/, '');
    const range = (
      await createRange({
        name: 'Tiny',
        cidr: `${base}/29`,
        companyId: acme,
        gateway: `${prefix}1`,
      })
    ).body;
    const alloc = (body: Record<string, unknown>, who = acmeAdmin) =>
      ctx.http.post(`/api/ipam/ranges/${range.id}/allocations`).set(who.auth).send(body);
    const first = await alloc({ hostname: 'web1' });
    expectApiResponse('POST /ipam/ranges/:id/allocations', first);
    expect([first.status, first.body.address, first.body.status]).toEqual([
      201,
      `${prefix}2`,
      'allocated',
    ]);
    expect(first.body.companyId).toBe(acme);
    const fixed = await alloc({ address: `${prefix}5`, purpose: 'firewall' });
    expect([fixed.status, fixed.body.address, fixed.body.purpose]).toEqual([
      201,
      `${prefix}5`,
      'firewall',
    ]);
    const taken = await alloc({ address: `${prefix}5` });
    expect([taken.status, taken.body.code, taken.body.message]).toEqual([
      409,
      'IPAM_ADDRESS_TAKEN',
      `${prefix}5 is already allocated in range "Tiny"`,
    ]);
    const outside = await alloc({ address: `${prefix}7` });
    expect([outside.status, outside.body.code]).toEqual([400, 'IPAM_ADDRESS_OUTSIDE_RANGE']);
    expect(outside.body.message).toContain('outside range "Tiny"');
    const reserve = await ctx.http
      .post(`/api/ipam/ranges/${range.id}/reservations`)
      .set(acmeAdmin.auth)
      .send({ note: 'printer' });
    expect([reserve.status, reserve.body.address, reserve.body.status]).toEqual([
      201,
      `${prefix}3`,
      'reserved',
    ]);
    expect((await alloc({})).body.address).toBe(`${prefix}4`);
    expect((await alloc({})).body.address).toBe(`${prefix}6`);
    const full = await alloc({});
    expect([full.status, full.body.code, full.body.message]).toEqual([
      409,
      'IPAM_RANGE_EXHAUSTED',
      `Range "Tiny" (${base}/29) has no free address left`,
    ]);
    // Globex cannot allocate in Acme's range: it does not exist for them.
    expect((await alloc({}, globexAdmin)).status).toBe(404);
  });

  it('holds a released address, then hands it out again once the hold ran out', async () => {
    const base = nextNet();
    const prefix = base.replace(/0$/, '');
    const range = (
      await createRange({ name: 'Hold', cidr: `${base}/28`, companyId: acme, holdSeconds: 3600 })
    ).body;
    const a = await ctx.http
      .post(`/api/ipam/ranges/${range.id}/allocations`)
      .set(acmeAdmin.auth)
      .send({});
    expect(a.body.address).toBe(`${prefix}1`);
    const rel = await ctx.http
      .post(`/api/ipam/addresses/${a.body.id}/release`)
      .set(acmeAdmin.auth)
      .send({});
    expectApiResponse('POST /ipam/addresses/:id/release', rel);
    expect([rel.status, rel.body.status]).toEqual([200, 'held']);
    expect(new Date(rel.body.holdUntil).getTime()).toBeGreaterThan(Date.now() + 3500_000);
    // Held: next-free skips it and a static request is refused.
    const next = await ctx.http
      .post(`/api/ipam/ranges/${range.id}/allocations`)
      .set(acmeAdmin.auth)
      .send({});
    expect(next.body.address).toBe(`${prefix}2`);
    const again = await ctx.http
      .post(`/api/ipam/ranges/${range.id}/allocations`)
      .set(acmeAdmin.auth)
      .send({ address: `${prefix}1` });
    expect([again.status, again.body.message]).toEqual([
      409,
      `${prefix}1 is already held in range "Hold"`,
    ]);
    // Only staff may skip the hold.
    const imm = await ctx.http
      .post(`/api/ipam/addresses/${next.body.id}/release`)
      .set(acmeAdmin.auth)
      .send({ immediate: true });
    expect(imm.status).toBe(403);
    // The hold runs out: the recurring job's reclaim frees it.
    await ctx.prisma.ipAddress.update({
      where: { id: a.body.id },
      data: { holdUntil: new Date(Date.now() - 1000) },
    });
    expect(await ctx.app.get(IpamService).reclaimExpired()).toBeGreaterThanOrEqual(1);
    const reuse = await ctx.http
      .post(`/api/ipam/ranges/${range.id}/allocations`)
      .set(acmeAdmin.auth)
      .send({});
    expect(reuse.body.address).toBe(`${prefix}1`);
    // History: who held it when.
    const detail = await ctx.http.get(`/api/ipam/addresses/${reuse.body.id}`).set(acmeAdmin.auth);
    expect(detail.status).toBe(200);
    expect(detail.body.history.map((e: { action: string }) => e.action)).toEqual([
      'allocate',
      'reclaim',
      'release',
      'allocate',
    ]);
  });

  it('writes nothing when an allocation is refused; what it writes reads back as returned', async () => {
    const base = nextNet();
    const prefix = base.replace(/0$/, '');
    const range = (
      await createRange({
        name: 'Untouched',
        cidr: `${base}/29`,
        companyId: acme,
        gateway: `${prefix}1`,
        holdSeconds: 3600,
      })
    ).body;
    const engine = ctx.app.get(IpamAllocationsRepository);
    const data = {
      status: 'allocated' as const,
      purpose: 'other' as const,
      companyId: acme,
      guestId: null,
      nic: 1,
      hostname: 'db1',
      note: 'engine',
      actorId: null,
    };
    const format = (o: bigint) => `${prefix}${o}`;
    // The engine's row is the stored row (offset, dates in UTC to the millisecond), and its
    // history entry carries the same moment.
    const taken = await engine.take(range.id, null, data, format);
    if (!taken.ok) throw new Error(taken.reason);
    expect(taken.row.address).toBe(`${prefix}2`);
    expect(await ctx.prisma.ipAddress.findUniqueOrThrow({ where: { id: taken.row.id } })).toEqual(
      taken.row,
    );
    const [allocated] = await ctx.prisma.ipAddressEvent.findMany({
      where: { rangeId: range.id, offset: 2n },
    });
    expect([allocated.action, allocated.at]).toEqual(['allocate', taken.row.allocatedAt]);
    const held = await engine.release(range.id, taken.row.id, new Date(Date.now() + 60_000), null);
    if (!held.ok) throw new Error('release');
    expect(held.freed).toBe(false);
    expect(await ctx.prisma.ipAddress.findUniqueOrThrow({ where: { id: taken.row.id } })).toEqual(
      held.row,
    );
    for (let i = 0; i < 4; i++)
      expect((await engine.take(range.id, null, data, format)).ok).toBe(true);
    const state = async () => ({
      range: await ctx.prisma.ipRange.findUniqueOrThrow({
        where: { id: range.id },
        select: { allocatedCount: true, reservedCount: true, heldCount: true, updatedAt: true },
      }),
      rows: await ctx.prisma.ipAddress.count({ where: { rangeId: range.id } }),
      events: await ctx.prisma.ipAddressEvent.count({ where: { rangeId: range.id } }),
      runs: await ctx.prisma.ipRangeFree.count({ where: { rangeId: range.id } }),
    });
    const full = await state();
    expect(full).toMatchObject({
      range: { allocatedCount: 4, reservedCount: 1, heldCount: 1 },
      rows: 6,
      runs: 0,
    });
    // Refused: the range is full, the address is taken, it is held (hold not over), no such range.
    expect(await engine.take(range.id, null, data, format)).toEqual({
      ok: false,
      reason: 'exhausted',
    });
    expect(await engine.take(range.id, 3n, data, format)).toEqual({
      ok: false,
      reason: 'taken',
      status: 'allocated',
    });
    expect(await engine.take(range.id, 2n, { ...data, status: 'reserved' }, format)).toEqual({
      ok: false,
      reason: 'taken',
      status: 'held',
    });
    expect(await engine.take(crypto.randomUUID(), null, data, format)).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(await state()).toEqual(full);
  });

  // IPv4 next-free goes through ipam_take_next, IPv6 through ipam_take_commit.
  it.each([
    ['IPv4', () => nextNet().replace(/0$/, ''), 29],
    ['IPv6', () => `fd00:17:${++net}::`, 125],
  ])(
    'commits nothing of an %s allocation whose write fails (the procedure rolls back)',
    async (_family, next, bits) => {
      const prefix = next();
      const range = (
        await createRange({
          name: `Stray row ${prefix}`,
          cidr: `${prefix}0/${bits}`,
          gateway: `${prefix}1`,
        })
      ).body;
      expect(range.id).toBeDefined();
      // A row the free runs do not know of at the next free offset (2): the engine's insert fails
      // there after it carved the run, every attempt.
      await ctx.prisma.ipAddress.create({
        data: {
          rangeId: range.id,
          offset: 2n,
          address: `${prefix}2`,
          status: 'reserved',
          purpose: 'other',
        },
      });
      const state = async () => ({
        range: await ctx.prisma.ipRange.findUniqueOrThrow({
          where: { id: range.id },
          select: { allocatedCount: true, reservedCount: true },
        }),
        rows: await ctx.prisma.ipAddress.count({ where: { rangeId: range.id } }),
        events: await ctx.prisma.ipAddressEvent.count({ where: { rangeId: range.id } }),
        runs: await ctx.prisma.ipRangeFree.findMany({
          where: { rangeId: range.id },
          select: { startOffset: true, endOffset: true },
        }),
      });
      const before = await state();
      expect(before.runs[0]?.startOffset).toBe(2n);
      const engine = ctx.app.get(IpamAllocationsRepository);
      const data = {
        status: 'allocated' as const,
        purpose: 'other' as const,
        companyId: null,
        guestId: null,
        nic: null,
        hostname: null,
        note: null,
        actorId: null,
      };
      await expect(engine.take(range.id, null, data, (o) => `${prefix}${o}`)).rejects.toMatchObject(
        {
          errno: 1062,
        },
      );
      expect(await state()).toEqual(before);
    },
  );

  it('pages the address table over the whole window, and filters by status', async () => {
    const base = nextNet();
    const prefix = base.replace(/0$/, '');
    const range = (await createRange({ name: 'Table', cidr: `${base}/24`, companyId: acme })).body;
    for (let i = 0; i < 3; i++) {
      await ctx.http.post(`/api/ipam/ranges/${range.id}/allocations`).set(acmeAdmin.auth).send({});
    }
    const page = await ctx.http
      .get(`/api/ipam/ranges/${range.id}/addresses?page=1&pageSize=5`)
      .set(acmeAdmin.auth);
    expectApiResponse('GET /ipam/ranges/:id/addresses', page);
    expect(page.body.total).toBe(254);
    expect(page.body.items.map((i: { status: string }) => i.status)).toEqual([
      'allocated',
      'allocated',
      'allocated',
      'free',
      'free',
    ]);
    const last = await ctx.http
      .get(`/api/ipam/ranges/${range.id}/addresses?page=51&pageSize=5`)
      .set(acmeAdmin.auth);
    expect(last.body.items.map((i: { address: string }) => i.address)).toEqual([
      `${prefix}251`,
      `${prefix}252`,
      `${prefix}253`,
      `${prefix}254`,
    ]);
    const allocated = await ctx.http
      .get(`/api/ipam/ranges/${range.id}/addresses?status=allocated`)
      .set(acmeAdmin.auth);
    expect(allocated.body.total).toBe(3);
    const free = await ctx.http
      .get(`/api/ipam/ranges/${range.id}/addresses?status=free&pageSize=2&page=2`)
      .set(acmeAdmin.auth);
    expect(free.body.total).toBe(251);
    expect(free.body.items.map((i: { address: string }) => i.address)).toEqual([
      `${prefix}6`,
      `${prefix}7`,
    ]);
  });

  it('keeps the per-status totals of the address table with the rows (counters, not counts)', async () => {
    const base = nextNet();
    const prefix = base.replace(/0$/, '');
    const range = (
      await createRange({
        name: 'Counted',
        cidr: `${base}/28`,
        companyId: acme,
        gateway: `${prefix}1`,
        holdSeconds: 3600,
      })
    ).body;
    const alloc = () =>
      ctx.http.post(`/api/ipam/ranges/${range.id}/allocations`).set(acmeAdmin.auth).send({});
    const a = (await alloc()).body;
    const b = (await alloc()).body;
    await alloc();
    await ctx.http
      .post(`/api/ipam/ranges/${range.id}/reservations`)
      .set(acmeAdmin.auth)
      .send({ address: `${prefix}9`, note: 'printer' });
    const release = (id: string, body: Record<string, unknown> = {}) =>
      ctx.http.post(`/api/ipam/addresses/${id}/release`).set(staff.auth).send(body);
    expect((await release(a.id)).body.status).toBe('held');
    expect((await release(b.id, { immediate: true })).status).toBe(200);
    const totals = async () => {
      const out: Record<string, number> = {};
      for (const status of ['allocated', 'reserved', 'held']) {
        const r = await ctx.http
          .get(`/api/ipam/ranges/${range.id}/addresses?status=${status}&pageSize=1`)
          .set(acmeAdmin.auth);
        out[status] = r.body.total;
      }
      return out;
    };
    // Gateway + printer reserved; one allocated left; a held (b freed at once).
    expect(await totals()).toEqual({ allocated: 1, reserved: 2, held: 1 });
    // The hold runs out and the reclaim frees it; the counters follow.
    await ctx.prisma.ipAddress.update({
      where: { id: a.id },
      data: { holdUntil: new Date(Date.now() - 1000) },
    });
    await ctx.app.get(IpamService).reclaimExpired();
    expect(await totals()).toEqual({ allocated: 1, reserved: 2, held: 0 });
    // The counters agree with the stored rows.
    const rows = await ctx.prisma.ipAddress.groupBy({
      by: ['status'],
      where: { rangeId: range.id },
      _count: { _all: true },
    });
    const stored = await ctx.prisma.ipRange.findUniqueOrThrow({ where: { id: range.id } });
    expect(Object.fromEntries(rows.map((r) => [r.status, r._count._all]))).toEqual({
      allocated: stored.allocatedCount,
      reserved: stored.reservedCount,
    });
  });

  it('pages the address table by cursor: every address once, in order, stable under change', async () => {
    const base = nextNet();
    const prefix = base.replace(/0$/, '');
    const range = (await createRange({ name: 'Keyset', cidr: `${base}/27`, companyId: acme })).body;
    const url = `/api/ipam/ranges/${range.id}/addresses`;
    for (const last of [3, 7, 8, 20, 30]) {
      const r = await ctx.http
        .post(`/api/ipam/ranges/${range.id}/allocations`)
        .set(acmeAdmin.auth)
        .send({ address: `${prefix}${last}` });
      expect(r.status).toBe(201);
    }
    type Page = { items: Array<{ address: string }>; nextCursor: string | null; total: number };
    /** Follows nextCursor from the first page to the end; the addresses in the order seen. */
    const walk = async (query: string, pageSize: number) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 40; i++) {
        const qs = [query, `pageSize=${pageSize}`, cursor ? `cursor=${cursor}` : ''];
        const res = await ctx.http
          .get(`${url}?${qs.filter(Boolean).join('&')}`)
          .set(acmeAdmin.auth);
        expect(res.status).toBe(200);
        const body = res.body as Page;
        expect(body.items.length).toBeLessThanOrEqual(pageSize);
        seen.push(...body.items.map((a) => a.address));
        cursor = body.nextCursor;
        if (cursor === null) return seen;
      }
      throw new Error('the cursor never reached the end');
    };
    /** The same list read by page number, one request. */
    const whole = async (query: string) =>
      (
        (await ctx.http.get(`${url}?${query}&pageSize=200`).set(acmeAdmin.auth)).body as Page
      ).items.map((a) => a.address);
    const all = Array.from({ length: 30 }, (_, i) => `${prefix}${i + 1}`);
    expect(await walk('', 7)).toEqual(all); // the whole window, paged by arithmetic
    expect(await walk('', 30)).toEqual(all); // an exact last page ends the walk
    const allocated = await walk('status=allocated', 2);
    expect(allocated).toEqual([3, 7, 8, 20, 30].map((n) => `${prefix}${n}`));
    expect(await walk('status=free', 4)).toEqual(await whole('status=free'));
    expect((await walk('status=free', 4)).length).toBe(25);
    expect(await walk(`search=${encodeURIComponent(`${prefix}2`)}`, 1)).toEqual(
      await whole(`search=${encodeURIComponent(`${prefix}2`)}`),
    );

    // Stable: an address taken before the cursor does not shift the next page (offset paging would
    // show .8 again on page 2).
    const first = (await ctx.http.get(`${url}?status=allocated&pageSize=2`).set(acmeAdmin.auth))
      .body as Page;
    expect(first.items.map((a) => a.address)).toEqual([`${prefix}3`, `${prefix}7`]);
    await ctx.http
      .post(`/api/ipam/ranges/${range.id}/allocations`)
      .set(acmeAdmin.auth)
      .send({ address: `${prefix}1` });
    const second = (
      await ctx.http
        .get(`${url}?status=allocated&pageSize=2&cursor=${first.nextCursor}`)
        .set(acmeAdmin.auth)
    ).body as Page;
    expect(second.items.map((a) => a.address)).toEqual([`${prefix}8`, `${prefix}20`]);
    expect(second.total).toBe(6);

    for (const bad of ['cursor=abc', 'cursor=-1', 'cursor=3&page=2', `cursor=${'9'.repeat(40)}`]) {
      const res = await ctx.http.get(`${url}?${bad}`).set(acmeAdmin.auth);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/cursor/);
    }
    // A cursor is no key to another company's range.
    const foreign = await ctx.http.get(`${url}?cursor=1`).set(globexAdmin.auth);
    expect(foreign.status).toBe(404);
  });

  it('lets companies use the shared pool, each seeing only its own addresses', async () => {
    const base = nextNet();
    const range = (await createRange({ name: 'Shared', cidr: `${base}/24` })).body;
    expect(range.companyId).toBeNull();
    const mine = await ctx.http
      .post(`/api/ipam/ranges/${range.id}/allocations`)
      .set(acmeAdmin.auth)
      .send({});
    expect(mine.body.companyId).toBe(acme);
    const theirs = await ctx.http
      .post(`/api/ipam/ranges/${range.id}/allocations`)
      .set(globexAdmin.auth)
      .send({});
    expect(theirs.body.companyId).toBe(globex);
    const seen = await ctx.http.get(`/api/ipam/ranges/${range.id}/addresses`).set(globexAdmin.auth);
    expect(seen.body.items.map((i: { id: string }) => i.id)).toEqual([theirs.body.id]);
    // The same by cursor (the SPA's next page), unfiltered and by status.
    for (const [who, query, id] of [
      [globexAdmin, 'cursor=0', theirs.body.id],
      [acmeAdmin, 'status=allocated&cursor=0', mine.body.id],
    ] as const) {
      const page = await ctx.http
        .get(`/api/ipam/ranges/${range.id}/addresses?${query}`)
        .set(who.auth);
      expect(page.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    }
    expect(
      (await ctx.http.get(`/api/ipam/addresses/${mine.body.id}`).set(globexAdmin.auth)).status,
    ).toBe(404);
    const rel = await ctx.http
      .post(`/api/ipam/addresses/${mine.body.id}/release`)
      .set(globexAdmin.auth)
      .send({});
    expect(rel.status).toBe(404);
    // Only the MSP edits the shared pool.
    const edit = await ctx.http
      .patch(`/api/ipam/ranges/${range.id}`)
      .set(sales.auth)
      .send({ name: 'mine now' });
    expect(edit.status).toBe(403);
  });

  it('never hands out an address twice under parallel allocation from separate pools', async () => {
    const base = nextNet();
    const range = (await createRange({ name: 'Race', cidr: `${base}/24`, companyId: acme })).body;
    // Three independent connection pools stand for three API processes: no lock in memory helps.
    const pools = [0, 1, 2].map(() => createPrismaClient(ctx.config.env.DATABASE_URL));
    try {
      const engines = pools.map(
        (p) => new IpamAllocationsRepository(p as unknown as PrismaService),
      );
      const data = {
        status: 'allocated' as const,
        purpose: 'other' as const,
        companyId: acme,
        guestId: null,
        nic: null,
        hostname: null,
        note: null,
        actorId: null,
      };
      const prefix = base.replace(/0$/, '');
      const outcomes = await Promise.all([
        ...Array.from({ length: 150 }, (_, i) =>
          engines[i % 3].take(range.id, null, data, (o) => `${prefix}${o}`),
        ),
        // ... while people allocate over HTTP at the same time.
        ...Array.from({ length: 50 }, () =>
          ctx.http
            .post(`/api/ipam/ranges/${range.id}/allocations`)
            .set(acmeAdmin.auth)
            .send({})
            .then((r) => ({ ok: r.status === 201, row: { address: r.body.address as string } })),
        ),
      ]);
      const addresses = outcomes.map((o) => (o.ok ? o.row.address : 'failed'));
      expect(addresses).not.toContain('failed');
      expect(new Set(addresses).size).toBe(200);
      const after = await ctx.http.get(`/api/ipam/ranges/${range.id}`).set(acmeAdmin.auth);
      expect(after.body.usage).toMatchObject({ allocated: 200, free: 54 });
      expect(await ctx.prisma.ipAddress.count({ where: { rangeId: range.id } })).toBe(200);
      const runs = await ctx.prisma.ipRangeFree.findMany({ where: { rangeId: range.id } });
      expect(runs.map((r) => [Number(r.startOffset), Number(r.endOffset)])).toEqual([[201, 254]]);
    } finally {
      await Promise.all(pools.map((p) => p.$disconnect()));
    }
  });

  it('refuses to delete a range with addresses in use', async () => {
    const base = nextNet();
    const range = (await createRange({ name: 'Del', cidr: `${base}/28`, companyId: acme })).body;
    const a = await ctx.http
      .post(`/api/ipam/ranges/${range.id}/allocations`)
      .set(acmeAdmin.auth)
      .send({});
    const del = await ctx.http.delete(`/api/ipam/ranges/${range.id}`).set(staff.auth);
    expect([del.status, del.body.code]).toEqual([409, 'IPAM_RANGE_IN_USE']);
    await ctx.http
      .post(`/api/ipam/addresses/${a.body.id}/release`)
      .set(staff.auth)
      .send({ immediate: true });
    expect((await ctx.http.delete(`/api/ipam/ranges/${range.id}`).set(staff.auth)).status).toBe(
      204,
    );
  });
});
