import { migrateTargetsView } from './vms-migrate-targets';
import { parseMapEntry, pciMappingViews } from './vms-pci';

describe('migrateTargetsView', () => {
  const nodes = [
    { node: 'pve1', status: 'online' },
    { node: 'pve2', status: 'online' },
    { node: 'pve3', status: 'offline' },
    { node: 'pve4', status: 'online' },
  ];

  it('reads the QEMU precondition: reasons per node, local disks and devices', () => {
    const v = migrateTargetsView(
      'qemu',
      'pve1',
      {
        running: 1,
        allowed_nodes: ['pve2'],
        not_allowed_nodes: {
          pve3: { unavailable_storages: [] },
          pve4: {
            unavailable_storages: ['local-zfs'],
            'blocking-ha-resources': [{ sid: 'vm:101', cause: 'resource-affinity' }],
          },
        },
        local_disks: [{ volid: 'local-zfs:vm-100-disk-0', size: 1024, cdrom: 0, is_unused: 0 }],
        local_resources: ['hostpci1'],
        'mapped-resources': ['hostpci0'],
        'mapped-resource-info': { hostpci0: { 'live-migration': 1 } },
      },
      nodes,
    );
    expect(v.targets).toEqual([
      { node: 'pve2', allowed: true, reasons: [] },
      { node: 'pve3', allowed: false, reasons: ['node is offline'] },
      {
        node: 'pve4',
        allowed: false,
        reasons: [
          'storage not available there: local-zfs',
          'blocked by HA resources: vm:101 (resource-affinity)',
        ],
      },
    ]);
    expect(v.localDisks).toEqual([
      { volid: 'local-zfs:vm-100-disk-0', sizeBytes: 1024, cdrom: false },
    ]);
    expect(v.onlineBlockers).toEqual(['local devices cannot move: hostpci1']);
  });

  it('reads the container precondition (kebab-case) and flags non-live mapped devices', () => {
    const ct = migrateTargetsView(
      'lxc',
      'pve2',
      { running: 0, 'allowed-nodes': ['pve1', 'pve4'], 'not-allowed-nodes': { pve3: {} } },
      nodes,
    );
    expect(ct.targets.map((t) => [t.node, t.allowed])).toEqual([
      ['pve1', true],
      ['pve4', true],
      ['pve3', false],
    ]);
    const vm = migrateTargetsView(
      'qemu',
      'pve1',
      { running: 1, allowed_nodes: ['pve2'], 'mapped-resources': ['hostpci0'] },
      nodes.slice(0, 2),
    );
    expect(vm.onlineBlockers).toEqual(['mapped devices cannot move live: hostpci0']);
    expect(migrateTargetsView('qemu', 'pve1', { running: 0 }, nodes.slice(0, 2)).targets).toEqual([
      { node: 'pve2', allowed: false, reasons: ['not allowed by Proxmox'] },
    ]);
  });
});

describe('pci mappings', () => {
  it('parses map entries in any key order, and skips broken ones', () => {
    expect(parseMapEntry('path=0000:01:00.0;0000:01:00.1,node=pve1,id=10de:2204')).toEqual({
      node: 'pve1',
      path: '0000:01:00.0;0000:01:00.1',
      deviceId: '10de:2204',
    });
    expect(parseMapEntry('id=10de:2204')).toBeNull();
    expect(
      pciMappingViews([
        { id: 'b', map: ['node=pve2,path=0000:02:00.0', 'node=pve1,path=0000:03:00.0'] },
        { id: 'a', description: 'A', map: [] },
        { description: 'no id' },
      ]),
    ).toEqual([
      { id: 'a', description: 'A', devices: [], nodes: [] },
      {
        id: 'b',
        description: '',
        devices: [
          { node: 'pve1', path: '0000:03:00.0', deviceId: null },
          { node: 'pve2', path: '0000:02:00.0', deviceId: null },
        ],
        nodes: ['pve1', 'pve2'],
      },
    ]);
  });
});
