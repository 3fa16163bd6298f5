import type { ClusterResource } from '../../common/proxmox';
import { buildReadings, rate, type GuestOwnerInfo } from './metrics-aggregate';

const GiB = 2 ** 30;
const vm = (vmid: number, node: string, over: Partial<ClusterResource> = {}): ClusterResource => ({
  id: `qemu/${vmid}`,
  type: 'qemu',
  vmid,
  node,
  status: 'running',
  template: false,
  tags: [],
  cpu: 0.5,
  maxcpu: 4,
  mem: 2 * GiB,
  maxmem: 4 * GiB,
  disk: 0,
  maxdisk: 32 * GiB,
  netin: 1000,
  netout: 500,
  diskread: 2000,
  diskwrite: 4000,
  ...over,
});
const node = (name: string, over: Partial<ClusterResource> = {}): ClusterResource => ({
  id: `node/${name}`,
  type: 'node',
  node: name,
  status: 'online',
  template: false,
  tags: [],
  cpu: 0.25,
  maxcpu: 16,
  mem: 20 * GiB,
  maxmem: 64 * GiB,
  disk: 10 * GiB,
  maxdisk: 100 * GiB,
  ...over,
});
const storage = (n: string, name: string, shared: boolean, disk: number): ClusterResource => ({
  id: `storage/${n}/${name}`,
  type: 'storage',
  node: n,
  storage: name,
  status: 'available',
  shared,
  template: false,
  tags: [],
  disk,
  maxdisk: 10 * disk,
});
const owner = (vmid: number, companyId: string | null): GuestOwnerInfo => ({
  id: `g${vmid}`,
  vmid,
  companyId,
  name: `vm${vmid}`,
  tags: ['web'],
});

describe('buildReadings', () => {
  const resources = [
    node('pve1'),
    node('pve2', { status: 'offline', cpu: 0, mem: 0 }),
    storage('pve1', 'local', false, 5 * GiB),
    storage('pve2', 'local', false, 7 * GiB),
    storage('pve1', 'ceph', true, 100 * GiB),
    storage('pve2', 'ceph', true, 100 * GiB),
    vm(100, 'pve1'),
    vm(101, 'pve1', { status: 'stopped', cpu: 0, mem: 0 }),
    vm(102, 'pve2', { maxcpu: 2 }),
    vm(9000, 'pve1', { template: true }),
  ];
  const owners = [owner(100, 'acme'), owner(101, 'acme'), owner(102, 'globex')];

  it('sums nodes into the cluster, counting a shared storage once, and leaves templates out', () => {
    const r = buildReadings('c1', resources, owners, null, 60_000);
    const cluster = r.series.find((s) => s.kind === 'cluster')!;
    expect(cluster.key).toBe('cluster:c1');
    expect(cluster.sample).toMatchObject({
      cpu: 0.25 * 16, // the offline node adds capacity, not use
      maxcpu: 32,
      mem: 20 * GiB,
      maxmem: 128 * GiB,
      disk: (5 + 7 + 100) * GiB,
      running: 2,
      guests: 3,
    });
    expect(r.guests.map((g) => g.vmid)).toEqual([100, 101, 102]);
    const pve1 = r.series.find((s) => s.key === 'node:c1:pve1')!;
    expect(pve1.sample).toMatchObject({ cpu: 4, maxcpu: 16, running: 1, guests: 2 });
  });

  it('gives each company its allocation and use per cluster', () => {
    const r = buildReadings('c1', resources, owners, null, 60_000);
    const acme = r.series.find((s) => s.key === 'company:acme:c1')!;
    expect(acme).toMatchObject({ kind: 'company', companyId: 'acme', clusterId: 'c1' });
    expect(acme.sample).toMatchObject({
      cpu: 2, // 50 % of 4 vCPUs; the stopped guest uses none
      maxcpu: 8,
      mem: 2 * GiB,
      maxmem: 8 * GiB,
      maxdisk: 64 * GiB,
      running: 1,
      guests: 2,
    });
    expect(r.series.filter((s) => s.kind === 'company')).toHaveLength(2);
    expect(r.guests[0]).toMatchObject({ guestId: 'g100', companyId: 'acme', tags: ['web'] });
  });

  it('turns I/O counters into rates against the previous read, ignoring resets and gaps', () => {
    const first = buildReadings('c1', resources, owners, null, 0);
    expect(first.guests[0].netin).toBe(0);
    const later = resources.map((r) =>
      r.vmid === 100 ? { ...r, netin: 61_000, diskwrite: 10 } : r,
    );
    const second = buildReadings('c1', later, owners, first.counters, 60_000);
    const g = second.guests.find((x) => x.vmid === 100)!;
    expect(g.netin).toBe(1000); // 60,000 bytes in 60 s
    expect(g.diskwrite).toBe(0); // counter went down: restarted
    expect(second.series[0].sample.netin).toBe(1000);
    const stale = buildReadings('c1', later, owners, first.counters, 60 * 60_000);
    expect(stale.guests.find((x) => x.vmid === 100)!.netin).toBe(0);
  });

  it('rate() needs a previous value and time', () => {
    expect(rate(100, undefined, 60)).toBe(0);
    expect(rate(100, 40, 0)).toBe(0);
    expect(rate(100, 40, 60)).toBe(1);
  });
});
