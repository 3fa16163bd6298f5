import { MetricsCollectService } from '../../src/modules/monitoring/metrics-collect.service';
import { rangeWrite } from '../../src/modules/ipam/ipam-rules';
import { UsageService } from '../../src/modules/usage/usage.service';
import { VmsHarness } from './vms-harness';

const GIB = 1024 ** 3;

// Issue 20, usage statements: the hourly snapshot against the simulator records disk used as
// Proxmox reports it (containers only), the backup archives its storages list, and the public
// addresses of the MSP's shared ranges held by the company.
describe('usage snapshot: disk used, backup storage and public IPs', () => {
  let h: VmsHarness;
  beforeAll(async () => {
    h = await VmsHarness.start({ nodes: 2, guests: 12 });
  }, 60_000);
  afterAll(() => h.close());

  // Stored as the product stores a range (the worker's other files read every shared range).
  async function publicRange(name: string, cidr: string, companyId: string | null) {
    return h.ctx.prisma.ipRange.create({ data: rangeWrite({ name, cidr }, companyId) });
  }

  it('records each new figure from the inventory read, the backup storages and IPAM', async () => {
    const p = h.ctx.prisma;
    const co = (await h.ctx.newCompany()).id;
    const other = (await h.ctx.newCompany()).id;
    const guests = await p.guest.findMany({
      where: { clusterId: h.clusterId, template: false, goneAt: null },
      orderBy: { vmid: 'asc' },
    });
    const mine = guests.slice(0, 6);
    await p.guest.updateMany({
      where: { id: { in: mine.map((g) => g.id) } },
      data: { companyId: co },
    });
    await p.guest.updateMany({
      where: { id: { in: guests.slice(6, 8).map((g) => g.id) } },
      data: { companyId: other },
    });
    const state = h.rt.state;
    const myVmids = new Set(mine.map((g) => g.activeVmid));
    const lxc = mine.filter((g) => g.kind === 'lxc');
    expect(lxc.length).toBeGreaterThan(0); // the simulated fleet mixes VMs and containers
    expect(mine.length - lxc.length).toBeGreaterThan(0);

    // Backup archives of known sizes on each node's local storage (and one of another company's).
    const stamp = Math.floor(Date.now() / 1000);
    const archive = (vmid: number, node: string, size: number) =>
      state.volumes.push({
        volid: `local:backup/vzdump-qemu-${vmid}-usage-${stamp}-${size}.vma.zst`,
        storage: 'local',
        node,
        content: 'backup',
        format: 'vma.zst',
        size,
        ctime: stamp,
        vmid,
        subtype: 'qemu',
      });
    archive(mine[0]!.activeVmid!, mine[0]!.node, 3 * GIB);
    archive(mine[1]!.activeVmid!, mine[1]!.node, 5 * GIB);
    archive(guests[6]!.activeVmid!, guests[6]!.node, 7 * GIB);
    // Everything the storages hold for the company's VMIDs, including archives the world had.
    const backupBytes = state.volumes
      .filter((v) => v.content === 'backup' && v.vmid !== undefined && myVmids.has(v.vmid))
      .reduce((t, v) => t + v.size, 0);

    // IPAM: two public addresses of an MSP range held (allocated, reserved); not counted: one in
    // hold after release, one private, one of the company's own range.
    const shared = await publicRange(`usage-pub-${co}`, '203.0.113.0/24', null);
    const priv = await publicRange(`usage-priv-${co}`, '10.77.0.0/24', null);
    const own = await publicRange(`usage-own-${co}`, '198.51.100.0/24', co);
    const ip = (rangeId: string, offset: number, address: string, status: string) =>
      p.ipAddress.create({
        data: {
          rangeId,
          offset: BigInt(offset),
          address,
          status: status as 'allocated',
          purpose: 'guest',
          companyId: co,
        },
      });
    await ip(shared.id, 10, '203.0.113.10', 'allocated');
    await ip(shared.id, 11, '203.0.113.11', 'reserved');
    await ip(shared.id, 12, '203.0.113.12', 'held');
    await ip(priv.id, 10, '10.77.0.10', 'allocated');
    await ip(own.id, 10, '198.51.100.10', 'allocated');

    const c = await h.ctx.app.get(MetricsCollectService).collect(h.clusterId);
    expect(c?.ok).toBe(true);
    const reported = c?.ok ? c.readings.guests.filter((g) => g.companyId === co && g.disk > 0) : [];
    // Proxmox reports a used figure for containers only.
    expect(reported.map((g) => g.kind).sort()).toEqual(lxc.map(() => 'lxc'));

    await h.ctx.app.get(UsageService).snapshot(new Date('2026-05-03T10:20:00Z'));
    const row = await p.usageSample.findUniqueOrThrow({
      where: { companyId_hour: { companyId: co, hour: new Date('2026-05-03T10:00:00Z') } },
    });
    expect(row.diskUsedGuests).toBe(lxc.length);
    expect(Number(row.diskUsedBytes)).toBe(reported.reduce((t, g) => t + g.disk, 0));
    expect(Number(row.backupBytes)).toBe(backupBytes);
    expect(backupBytes).toBeGreaterThanOrEqual(8 * GIB);
    expect(row.publicIps).toBe(2);
    expect(h.contract.violations).toEqual([]);
  }, 120_000);
});
