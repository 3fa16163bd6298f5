import { BackupHoldingsService } from '../../src/modules/backups/backup-holdings.service';
import { UsageService } from '../../src/modules/usage/usage.service';
import { expectApiResponse } from '../helpers/api-response';
import { newClusterRow } from '../helpers/cluster-rows';
import { binary, pdfText } from '../helpers/pdf';
import { TestContext } from '../helpers/test-context';

const GIB = 1024n ** 3n;

// Issue 20, usage statements: hourly inventory snapshots per company → a month's vCPU-hours,
// RAM GB-hours, disk GB-months and running hours per guest; company_admin sees only their own.
describe('usage statements', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx.close());

  async function sample(
    companyId: string,
    hour: string,
    v: {
      vcpus: number;
      memGib: bigint;
      diskGib: bigint;
      running: string[];
      usedGib?: bigint | null;
      backupGib?: bigint | null;
      ips?: number;
    },
  ) {
    await ctx.prisma.usageSample.create({
      data: {
        companyId,
        hour: new Date(hour),
        vcpus: v.vcpus,
        memBytes: v.memGib * GIB,
        diskBytes: v.diskGib * GIB,
        guests: v.running.length,
        running: v.running,
        diskUsedBytes: v.usedGib == null ? null : v.usedGib * GIB,
        diskUsedGuests: v.usedGib == null ? 0 : 1,
        backupBytes: v.backupGib == null ? null : v.backupGib * GIB,
        publicIps: v.ips ?? 0,
      },
    });
  }

  it('a month with known snapshot history matches the hand-computed figures', async () => {
    const acme = await ctx.newCompany();
    const admin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: acme.id }));
    const g1 = '00000000-0000-4000-8000-000000000001';
    const g2 = '00000000-0000-4000-8000-000000000002';
    // February 2026: 28 days = 672 hours. Hours 0-9: 2 vCPU, 4 GiB, 32 GiB disk, g1 running, no
    // used figure reported (VMs only), 20 GiB of backups, 2 public IPs.
    // Hours 10-19: 6 vCPU, 12 GiB, 96 GiB disk, g1 and g2 running, 8 GiB used (a container),
    // 50 GiB of backups, 3 public IPs. Hours 20-21: backup storages not read, 3 IPs.
    for (let h = 0; h < 22; h++) {
      const at = new Date(Date.UTC(2026, 1, 1, h)).toISOString();
      await sample(
        acme.id,
        at,
        h < 10
          ? { vcpus: 2, memGib: 4n, diskGib: 32n, running: [g1], backupGib: 20n, ips: 2 }
          : h < 20
            ? {
                vcpus: 6,
                memGib: 12n,
                diskGib: 96n,
                running: [g1, g2],
                usedGib: 8n,
                backupGib: 50n,
                ips: 3,
              }
            : { vcpus: 0, memGib: 0n, diskGib: 0n, running: [], ips: 3 },
      );
    }
    // Outside the month on both sides: not counted.
    await sample(acme.id, '2026-01-31T23:00:00Z', {
      vcpus: 100,
      memGib: 100n,
      diskGib: 100n,
      running: [g1],
    });
    await sample(acme.id, '2026-03-01T00:00:00Z', {
      vcpus: 100,
      memGib: 100n,
      diskGib: 100n,
      running: [g2],
    });

    const res = await ctx.http
      .get('/api/usage/statements')
      .query({ companyId: acme.id, month: '2026-02' })
      .set(admin.auth);
    expect(res.status).toBe(200);
    // vCPU-hours: 10×2 + 10×6 = 80; RAM: 10×4 + 10×12 = 160 GB-hours;
    // disk: (10×32 + 10×96) GiB-hours / 672 h = 1280 / 672 = 1.9048 GB-months;
    // disk used: 10×8 / 672 = 0.1190; backups: (10×20 + 10×50) / 672 = 700 / 672 = 1.0417;
    // public IPs: (10×2 + 12×3) IP-hours / 672 h = 56 / 672 = 0.0833 IP-months.
    expect(res.body).toEqual({
      companyId: acme.id,
      month: '2026-02',
      hoursInMonth: 672,
      hoursSampled: 22,
      vcpuHours: 80,
      ramGbHours: 160,
      diskGbMonths: 1.9048,
      diskUsedGbMonths: 0.119,
      backupGbMonths: 1.0417,
      publicIpMonths: 0.0833,
      guests: [
        { guestId: g1, name: null, runningHours: 20 },
        { guestId: g2, name: null, runningHours: 10 },
      ],
      priced: null,
    });

    const csv = await ctx.http
      .get('/api/usage/statements.csv')
      .query({ companyId: acme.id, month: '2026-02' })
      .set(admin.auth);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')).toEqual([
      'item,guest_id,name,quantity,unit,unit_price,amount',
      'vcpu,,,80,vCPU-hours,,',
      'ram,,,160,GB-hours,,',
      'disk,,,1.9048,GB-months,,',
      'disk_used,,,0.119,GB-months,,',
      'backup,,,1.0417,GB-months,,',
      'public_ip,,,0.0833,IP-months,,',
      `running,${g1},,20,hours,,`,
      `running,${g2},,10,hours,,`,
      '',
    ]);

    // A price list: staff set it, the company_admin may read it but not change it.
    const older = { currency: 'EUR', vcpuHour: 0.01, ramGbHour: 0.005, diskGbMonth: 0.05 };
    const prices = { ...older, backupGbMonth: 0.1, publicIpMonth: 2 };
    const denied = await ctx.http.put(`/api/usage/prices/${acme.id}`).set(admin.auth).send(prices);
    expect(denied.status).toBe(403);
    const staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    const bad = await ctx.http
      .put(`/api/usage/prices/${acme.id}`)
      .set(staff.auth)
      .send({ ...prices, vcpuHour: -1 });
    expect(bad.status).toBe(400);
    // A client that knows only the first three prices: the other two are 0, not an error.
    const legacy = await ctx.http.put(`/api/usage/prices/${acme.id}`).set(staff.auth).send(older);
    expect(legacy.status).toBe(200);
    expect((await ctx.http.get(`/api/usage/prices/${acme.id}`).set(admin.auth)).body).toMatchObject(
      { backupGbMonth: 0, publicIpMonth: 0 },
    );
    const set = await ctx.http.put(`/api/usage/prices/${acme.id}`).set(staff.auth).send(prices);
    expect(set.status).toBe(200);
    expectApiResponse('PUT /usage/prices/:id', set);
    const read = await ctx.http.get(`/api/usage/prices/${acme.id}`).set(admin.auth);
    expectApiResponse('GET /usage/prices/:id', read);
    expect(read.body).toEqual({ companyId: acme.id, ...prices });
    const pricedRes = await ctx.http
      .get('/api/usage/statements')
      .query({ companyId: acme.id, month: '2026-02' })
      .set(admin.auth);
    expectApiResponse('GET /usage/statements', pricedRes);
    // 80 × 0.01 = 0.80; 160 × 0.005 = 0.80; 1.9048 × 0.05 = 0.09524 → 0.10;
    // backups 1.0417 × 0.1 = 0.10417 → 0.10; IPs 0.0833 × 2 = 0.1666 → 0.17; total 1.97.
    expect(pricedRes.body.priced).toEqual({
      currency: 'EUR',
      lines: [
        { item: 'vcpu', quantity: 80, unitPrice: 0.01, amount: 0.8 },
        { item: 'ram', quantity: 160, unitPrice: 0.005, amount: 0.8 },
        { item: 'disk', quantity: 1.9048, unitPrice: 0.05, amount: 0.1 },
        { item: 'backup', quantity: 1.0417, unitPrice: 0.1, amount: 0.1 },
        { item: 'publicIp', quantity: 0.0833, unitPrice: 2, amount: 0.17 },
      ],
      total: 1.97,
    });
    const pricedCsv = await ctx.http
      .get('/api/usage/statements.csv')
      .query({ companyId: acme.id, month: '2026-02' })
      .set(admin.auth);
    expect(pricedCsv.text.split('\r\n')).toContain('vcpu,,,80,vCPU-hours,0.01,0.8');
    expect(pricedCsv.text.split('\r\n')).toContain('backup,,,1.0417,GB-months,0.1,0.1');
    expect(pricedCsv.text.split('\r\n')).toContain('public_ip,,,0.0833,IP-months,2,0.17');
    expect(pricedCsv.text.split('\r\n')).toContain('total,,,,,EUR,1.97');

    // The PDF a customer is sent: the company's brand at the top, the lines and the total.
    await ctx.prisma.company.update({ where: { id: acme.id }, data: { name: `Acme ${acme.id}` } });
    const brand = await ctx.http
      .put(`/api/companies/${acme.id}/branding`)
      .set(staff.auth)
      .send({ productName: 'Acme Cloud Billing' });
    expect(brand.status).toBe(200);
    const pdf = await ctx.http
      .get('/api/usage/statements.pdf')
      .query({ companyId: acme.id, month: '2026-02' })
      .set(admin.auth)
      .buffer(true)
      .parse(binary);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(
      `attachment; filename="usage-Acme-${acme.id}-2026-02.pdf"`,
    );
    const body = pdf.body as Buffer;
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const lines = pdfText(body).split('\n');
    expect(lines[0]).toBe('Acme Cloud Billing');
    expect(lines).toContain(`Usage statement: Acme ${acme.id}`);
    expect(lines).toContain('Month 2026-02 (UTC), 22 of 672 hours sampled');
    // vCPU line: quantity, unit, unit price, amount; then the extra lines and the total.
    expect(lines.join('|')).toContain('vCPU|80|vCPU-hours|0.01|0.80');
    expect(lines.join('|')).toContain('Disk (used, containers)|0.119|GB-months');
    expect(lines.join('|')).toContain('Backup storage|1.0417|GB-months|0.1|0.10');
    expect(lines.join('|')).toContain('Public IPs|0.0833|IP-months|2|0.17');
    expect(lines.join('|')).toContain('Total|EUR|1.97');
  });

  it('the hourly snapshot records allocation and running guests from the inventory', async () => {
    const co = await ctx.newCompany();
    const cluster = await newClusterRow(ctx, [co.id]);
    const guest = (vmid: number, status: string, extra: object = {}) =>
      ctx.prisma.guest.create({
        data: {
          clusterId: cluster.id,
          vmid,
          activeVmid: vmid,
          kind: 'qemu',
          name: `vm${vmid}`,
          status,
          node: 'pve1',
          maxcpu: 2,
          maxmem: 2n * GIB,
          maxdisk: 10n * GIB,
          tags: [],
          companyId: co.id,
          syncHash: '0000000000000000',
          ...extra,
        },
      });
    const running = await guest(100, 'running');
    await guest(101, 'stopped', { maxcpu: 1, maxmem: GIB, maxdisk: 5n * GIB });
    await guest(102, 'running', { template: true }); // templates are not billed
    await guest(103, 'running', { goneAt: new Date(), activeVmid: null }); // gone

    const svc = ctx.app.get(UsageService);
    // Backup holdings are read from every cluster of the shared test database, other suites' dead
    // simulators included (15 s each); this case is about the inventory, so none are read here.
    const holdings = jest
      .spyOn(ctx.app.get(BackupHoldingsService), 'byCompany')
      .mockResolvedValue({ bytes: new Map(), clustersRead: 0, clusters: 0 });
    await svc.snapshot(new Date('2026-04-10T05:37:00Z'));
    await svc.snapshot(new Date('2026-04-10T05:59:00Z')); // same hour: overwritten, not doubled
    await svc.snapshot(new Date('2026-04-10T06:01:00Z'));
    holdings.mockRestore();
    const rows = await ctx.prisma.usageSample.findMany({
      where: { companyId: co.id },
      orderBy: { hour: 'asc' },
    });
    expect(rows.map((r) => r.hour.toISOString())).toEqual([
      '2026-04-10T05:00:00.000Z',
      '2026-04-10T06:00:00.000Z',
    ]);
    expect(rows[0]).toMatchObject({
      vcpus: 3,
      memBytes: 3n * GIB,
      diskBytes: 15n * GIB,
      guests: 2,
      running: [running.id],
    });

    const staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    const res = await ctx.http
      .get('/api/usage/statements')
      .query({ companyId: co.id, month: '2026-04' })
      .set(staff.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      hoursInMonth: 720,
      hoursSampled: 2,
      vcpuHours: 6,
      ramGbHours: 6,
      diskGbMonths: 0.0417, // 30 GiB-hours / 720 h
      guests: [{ guestId: running.id, name: 'vm100', runningHours: 2 }],
    });
  });

  it("another company's statement is a 404; a bad month or company id is a 400", async () => {
    const mine = await ctx.newCompany();
    const theirs = await ctx.newCompany();
    const admin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: mine.id }));
    for (const path of [
      '/api/usage/statements',
      '/api/usage/statements.csv',
      '/api/usage/statements.pdf',
    ]) {
      const other = await ctx.http
        .get(path)
        .query({ companyId: theirs.id, month: '2026-02' })
        .set(admin.auth);
      expect(other.status).toBe(404);
      const own = await ctx.http
        .get(path)
        .query({ companyId: mine.id, month: '2026-02' })
        .set(admin.auth);
      expect(own.status).toBe(200);
      for (const month of ['2026-13', '2026-2', 'feb', '']) {
        const bad = await ctx.http.get(path).query({ companyId: mine.id, month }).set(admin.auth);
        expect(bad.status).toBe(400);
      }
      const badId = await ctx.http
        .get(path)
        .query({ companyId: 'nope', month: '2026-02' })
        .set(admin.auth);
      expect(badId.status).toBe(400);
    }
    const foreignPrices = await ctx.http.get(`/api/usage/prices/${theirs.id}`).set(admin.auth);
    expect(foreignPrices.status).toBe(404);
    const ownPrices = await ctx.http.get(`/api/usage/prices/${mine.id}`).set(admin.auth);
    expect(ownPrices.status).toBe(200);
    // A company without a price list: null.
    expect(expectApiResponse('GET /usage/prices/:id', ownPrices)).toBeNull();
    const anon = await ctx.http
      .get('/api/usage/statements')
      .query({ companyId: mine.id, month: '2026-02' });
    expect(anon.status).toBe(401);
  });
});
