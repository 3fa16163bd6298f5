import { diffVms, toDiscoveredVm, type DiscoveredVm } from './esxi-inventory';

// Property values shaped as the client's parser leaves them (prefixes removed, xsi:type on `@_type`).
const props: Record<string, unknown> = {
  name: { '#text': 'web-01', '@_type': 'xsd:string' },
  'config.firmware': { '#text': 'efi' },
  'config.hardware.numCPU': { '#text': '4' },
  'config.hardware.memoryMB': { '#text': '8192' },
  'config.guestId': 'ubuntu64Guest',
  'runtime.powerState': 'poweredOn',
  'guest.ipAddress': '10.0.0.5',
  'guest.net': {
    GuestNicInfo: [{ ipAddress: ['10.0.0.5', 'fe80::1'] }, { ipAddress: ['192.168.1.9'] }],
  },
  'config.hardware.device': {
    VirtualDevice: [
      {
        '@_type': 'VirtualDisk',
        deviceInfo: { label: 'Hard disk 1' },
        capacityInKB: '20971520',
        backing: { fileName: '[ssd-01] web-01/web-01.vmdk', thinProvisioned: 'true' },
      },
      {
        '@_type': 'VirtualVmxnet3',
        deviceInfo: { label: 'Network adapter 1' },
        macAddress: '00:50:56:aa:bb:cc',
        backing: { port: { portgroupKey: 'dvportgroup-42' } },
        connectable: { connected: 'true' },
      },
      { '@_type': 'VirtualCdrom', deviceInfo: { label: 'CD/DVD drive 1' } },
    ],
  },
  snapshot: {
    rootSnapshotList: [{ childSnapshotList: [{}, { childSnapshotList: [{}] }] }],
  },
};

describe('esxi inventory mapping', () => {
  it('reads disks, NICs on a distributed port group, IPs, firmware and the snapshot tree', () => {
    const vm = toDiscoveredVm('vm-7', props, new Map([['dvportgroup-42', 'prod-vlan-42']]));
    expect(vm).toMatchObject({
      moref: 'vm-7',
      name: 'web-01',
      firmware: 'efi',
      cpus: 4,
      memoryMb: 8192,
      guestOs: 'ubuntu64Guest',
      powerState: 'poweredOn',
      snapshots: 4,
    });
    expect(vm.ipAddresses).toEqual(['10.0.0.5', 'fe80::1', '192.168.1.9']);
    expect(vm.disks).toEqual([
      {
        label: 'Hard disk 1',
        fileName: '[ssd-01] web-01/web-01.vmdk',
        datastore: 'ssd-01',
        capacityBytes: 20 * 1024 ** 3,
        thin: true,
      },
    ]);
    expect(vm.nics).toEqual([
      {
        label: 'Network adapter 1',
        model: 'vmxnet3',
        mac: '00:50:56:aa:bb:cc',
        network: 'prod-vlan-42',
        connected: true,
      },
    ]);
  });

  it('diffs by managed object id: added, removed, changed fields', () => {
    const a = toDiscoveredVm('vm-1', props, new Map());
    const b: DiscoveredVm = { ...a, moref: 'vm-2', name: 'db-01' };
    const changed = { ...a, cpus: 8, powerState: 'poweredOff' };
    const c: DiscoveredVm = { ...a, moref: 'vm-3', name: 'new-01' };
    expect(diffVms([a, b], [changed, c])).toEqual({
      added: ['new-01'],
      removed: ['db-01'],
      changed: [{ name: 'web-01', fields: ['cpus', 'powerState'] }],
    });
    expect(diffVms([a], [a])).toEqual({ added: [], removed: [], changed: [] });
  });
});
