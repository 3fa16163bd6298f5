import type { ClusterNodeView } from '@multpanel/contracts';
import type { ClusterResource } from '../../common/proxmox';
import { mergeLiveNodes } from './cluster-nodes';

const stored = (name: string, over: Partial<ClusterNodeView> = {}): ClusterNodeView => ({
  name,
  status: 'online',
  maxcpu: 8,
  maxmemBytes: 32 * 1024 ** 3,
  maxdiskBytes: 100 * 1024 ** 3,
  goneAt: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const resource = (node: string, over: Partial<ClusterResource> = {}): ClusterResource => ({
  id: `node/${node}`,
  type: 'node',
  node,
  status: 'online',
  template: false,
  tags: [],
  cpu: 0.25,
  maxcpu: 16,
  mem: 8 * 1024 ** 3,
  maxmem: 64 * 1024 ** 3,
  disk: 1024 ** 3,
  maxdisk: 100 * 1024 ** 3,
  uptime: 3600,
  ...over,
});
const at = new Date('2026-02-01T00:00:00Z');

describe('mergeLiveNodes', () => {
  it('takes live status, load and capacity over the stored row', () => {
    const [n] = mergeLiveNodes([stored('pve1')], [resource('pve1')], at);
    expect(n).toMatchObject({
      name: 'pve1',
      status: 'online',
      maxcpu: 16,
      maxmemBytes: 64 * 1024 ** 3,
      cpu: 0.25,
      memBytes: 8 * 1024 ** 3,
      uptimeSec: 3600,
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('shows an offline node without load and keeps stored capacity when Proxmox omits it', () => {
    const [n] = mergeLiveNodes(
      [stored('pve2')],
      [resource('pve2', { status: 'offline', cpu: undefined, maxcpu: undefined, mem: 0 })],
      at,
    );
    expect(n).toMatchObject({ status: 'offline', maxcpu: 8, cpu: null, memBytes: null });
  });

  it('keeps stored nodes Proxmox no longer lists, adds new ones, ignores other types, sorts', () => {
    const nodes = mergeLiveNodes(
      [stored('pve10'), stored('pve2', { goneAt: '2026-01-02T00:00:00.000Z' })],
      [resource('pve10'), resource('pve3'), { ...resource('pve9'), type: 'storage' }],
      at,
    );
    expect(nodes.map((n) => n.name)).toEqual(['pve2', 'pve3', 'pve10']);
    expect(nodes[0]).toMatchObject({ goneAt: '2026-01-02T00:00:00.000Z', cpu: null });
    expect(nodes[1]).toMatchObject({ updatedAt: at.toISOString(), cpu: 0.25, goneAt: null });
  });
});
