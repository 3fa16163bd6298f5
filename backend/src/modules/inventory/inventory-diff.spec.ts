import { normalizeResource } from '../../common/proxmox';
import {
  diffGuests,
  guestSnapshot,
  hashSnapshot,
  type ExistingGuest,
  type GuestSnapshot,
} from './inventory-diff';

const snap = (vmid: number, over: Partial<GuestSnapshot> = {}): GuestSnapshot => ({
  vmid,
  kind: 'qemu',
  name: `vm${vmid}`,
  status: 'running',
  node: 'pve1',
  maxcpu: 2,
  maxmem: 2 ** 31,
  maxdisk: 2 ** 34,
  tags: [],
  pool: null,
  template: false,
  lock: null,
  ...over,
});
const row = (id: string, s: GuestSnapshot): ExistingGuest => ({
  id,
  vmid: s.vmid,
  kind: s.kind,
  syncHash: hashSnapshot(s),
});

describe('diffGuests', () => {
  it('creates new, updates changed, retires missing and leaves the rest alone', () => {
    const a = snap(100);
    const b = snap(101);
    const c = snap(102);
    const existing = [row('A', a), row('B', b), row('C', c)];
    const now = [a, { ...b, status: 'stopped' }, snap(103)];
    const d = diffGuests(now, existing);
    expect(d.unchanged).toBe(1);
    expect(d.update.map((u) => u.id)).toEqual(['B']);
    expect(d.create.map((x) => x.vmid)).toEqual([103]);
    expect(d.gone).toEqual(['C']);
  });

  it('treats a VMID now used by a container as a different guest', () => {
    const vm = snap(200);
    const d = diffGuests([snap(200, { kind: 'lxc' })], [row('VM', vm)]);
    expect(d.gone).toEqual(['VM']);
    expect(d.create).toEqual([expect.objectContaining({ vmid: 200, kind: 'lxc' })]);
  });

  it('ignores live usage so a busy guest is not rewritten every sync', () => {
    const r1 = normalizeResource({
      id: 'qemu/300',
      type: 'qemu',
      vmid: '300',
      node: 'pve1',
      status: 'running',
      cpu: 0.1,
      mem: 1000,
      uptime: 5,
      maxmem: 2048,
      template: 0,
    });
    const r2 = normalizeResource({ ...r1, vmid: 300, cpu: 0.9, mem: 1900, uptime: 65, tags: '' });
    expect(hashSnapshot(guestSnapshot(r1)!)).toBe(hashSnapshot(guestSnapshot(r2)!));
    const r3 = normalizeResource({
      id: 'qemu/300',
      type: 'qemu',
      vmid: 300,
      node: 'pve2',
      status: 'running',
      maxmem: 2048,
    });
    expect(hashSnapshot(guestSnapshot(r3)!)).not.toBe(hashSnapshot(guestSnapshot(r1)!));
  });

  it('skips resources that are not guests', () => {
    expect(
      guestSnapshot(normalizeResource({ id: 'node/pve1', type: 'node', node: 'pve1' })),
    ).toBeNull();
    expect(
      guestSnapshot(normalizeResource({ id: 'storage/pve1/local', type: 'storage' })),
    ).toBeNull();
  });
});
