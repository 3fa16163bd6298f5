import {
  esxiStorageId,
  findVmxVolume,
  importCreateParams,
  mapNics,
  postImportHints,
  pveGuestName,
  toImportPlan,
} from './esxi-import-plan';

const meta = {
  type: 'vm',
  source: 'esxi',
  'create-args': { name: 'app01', cores: 2, sockets: 1, memory: 2048, bios: 'ovmf' },
  disks: {
    scsi1: { volid: 'e:dc/ds/app01/app01_1.vmdk', size: 2 * 1024 ** 3 },
    scsi0: { volid: 'e:dc/ds/app01/app01.vmdk', size: 8 * 1024 ** 3 },
    efidisk0: 1,
  },
  net: { net0: { model: 'vmxnet3', macaddr: '00:50:56:AA:BB:01' }, net1: { model: 'e1000' } },
  warnings: [{ type: 'efi-state-lost', key: 'bios', value: 'ovmf' }, { type: 'something-new' }],
};
const discovered = [
  { label: 'n2', model: 'e1000', mac: '00:50:56:aa:bb:02', network: 'DMZ', connected: true },
  { label: 'n1', model: 'vmxnet3', mac: '00:50:56:aa:bb:01', network: 'LAN', connected: true },
];

describe('esxi import plan', () => {
  it('finds the .vmx volume of a discovered VM whatever the datacenter is called', () => {
    const volids = [
      'e:ha-datacenter/LocalDS_0/web/web.vmx',
      'e:dc1/LocalDS_0/app01/app01.vmx',
      'e:dc1/other/LocalDS_0/app01/app01.vmx',
    ];
    expect(findVmxVolume(volids, '[LocalDS_0] app01/app01.vmx')).toBe(
      'e:dc1/LocalDS_0/app01/app01.vmx',
    );
    expect(findVmxVolume(volids, '[LocalDS_1] app01/app01.vmx')).toBeNull();
    expect(findVmxVolume(volids, null)).toBeNull();
  });

  it('reads import-metadata: disks in bus order, EFI, NICs matched by MAC, worded warnings', () => {
    const plan = toImportPlan('e', 'e:dc/ds/app01/app01.vmx', meta, discovered);
    expect(plan.disks.map((d) => d.key)).toEqual(['scsi0', 'scsi1']);
    expect(plan.efiDisk).toBe(true);
    expect(plan.nics).toEqual([
      { key: 'net0', model: 'vmxnet3', mac: '00:50:56:aa:bb:01', network: 'LAN' },
      { key: 'net1', model: 'e1000', mac: null, network: 'LAN' },
    ]);
    expect(plan.warnings[0]).toMatchObject({ type: 'efi-state-lost', key: 'bios' });
    expect(plan.warnings[0].message).toMatch(/EFI variables/);
    expect(plan.warnings[1].message).toBe('Proxmox reports: something-new');
  });

  it('maps NICs by source network, else the default; no mapping is a 400', () => {
    const nics = [
      { key: 'net0', model: 'vmxnet3', mac: null, network: 'LAN' },
      { key: 'net1', model: 'e1000', mac: null, network: 'DMZ' },
    ];
    expect(
      mapNics(nics, [{ source: 'DMZ', bridge: 'vmbr1', vlan: 30 }, { bridge: 'vmbr0' }]),
    ).toEqual([
      { key: 'net0', bridge: 'vmbr0' },
      { key: 'net1', bridge: 'vmbr1', vlan: 30 },
    ]);
    expect(() => mapNics(nics, [{ source: 'LAN', bridge: 'vmbr0' }])).toThrow(
      /no mapping for net1 \(source network DMZ\)/,
    );
  });

  it('builds POST /nodes/{node}/qemu with import-from disks, a new EFI disk and mapped NICs', () => {
    const plan = toImportPlan('e', 'e:dc/ds/app01/app01.vmx', meta, discovered);
    expect(
      importCreateParams(plan, {
        vmid: 120,
        storage: 'local-lvm',
        name: 'app01',
        nics: [
          { key: 'net0', bridge: 'vmbr0', vlan: 20 },
          { key: 'net1', bridge: 'vmbr1' },
        ],
        live: true,
      }),
    ).toEqual({
      name: 'app01',
      cores: 2,
      sockets: 1,
      memory: 2048,
      bios: 'ovmf',
      vmid: 120,
      scsi0: 'local-lvm:0,import-from=e:dc/ds/app01/app01.vmdk',
      scsi1: 'local-lvm:0,import-from=e:dc/ds/app01/app01_1.vmdk',
      efidisk0: 'local-lvm:1,efitype=4m',
      net0: 'model=vmxnet3,macaddr=00:50:56:aa:bb:01,bridge=vmbr0,tag=20',
      net1: 'model=e1000,bridge=vmbr1',
      'live-restore': 1,
    });
  });

  it('turns the guest agent channel on only when the agent is to be checked', () => {
    const plan = toImportPlan('e', 'e:dc/ds/app01/app01.vmx', meta, discovered);
    const target = { vmid: 121, storage: 'local-lvm', name: 'app01', nics: [], live: false };
    expect(importCreateParams(plan, target).agent).toBeUndefined();
    expect(importCreateParams(plan, { ...target, agent: true }).agent).toBe(1);
    // What the importer's create-args said wins.
    const withAgent = { ...plan, createArgs: { ...plan.createArgs, agent: '0' } };
    expect(importCreateParams(withAgent, { ...target, agent: true }).agent).toBe('0');
  });

  it('lists the after-import checklist: Windows needs the VirtIO drivers first, Linux has them', () => {
    const nics = [
      { key: 'net0', model: 'vmxnet3' },
      { key: 'net1', model: 'virtio' },
      { key: 'net2', model: 'e1000e' },
    ];
    const win = postImportHints({ ostype: 'win11', scsihw: 'lsi' }, nics);
    expect(win.map((h) => h.type)).toEqual([
      'remove-vmware-tools',
      'install-guest-agent',
      'virtio-drivers',
      'virtio-scsi',
      'virtio-nic',
    ]);
    expect(win.find((h) => h.type === 'install-guest-agent')!.message).toMatch(/virtio-win ISO/);
    expect(win.find((h) => h.type === 'virtio-scsi')!.message).toMatch(
      /^After the VirtIO drivers are in: change the SCSI controller from lsi/,
    );
    expect(win.find((h) => h.type === 'virtio-nic')!.message).toMatch(/switch net0, net2 to/);

    const linux = postImportHints({ ostype: 'l26', scsihw: 'virtio-scsi-single' }, [
      { key: 'net0', model: 'virtio' },
    ]);
    expect(linux.map((h) => h.type)).toEqual(['remove-vmware-tools', 'install-guest-agent']);
    expect(linux[0]!.message).toMatch(/open-vm-tools/);
    // In the plan the API shows before an import starts.
    const plan = toImportPlan('e', 'e:dc/ds/app01/app01.vmx', meta, discovered);
    expect(plan.hints.map((h) => h.type)).toEqual([
      'remove-vmware-tools',
      'install-guest-agent',
      'virtio-nic',
    ]);
  });

  it('names storages and guests validly for Proxmox', () => {
    expect(esxiStorageId('0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toBe('esxi-0c1d2e3f4a5b');
    expect(pveGuestName('SQL 2019 (prod)')).toBe('SQL-2019-prod');
    expect(pveGuestName('***')).toBe('imported-vm');
  });
});
