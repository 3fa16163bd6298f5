import { createVmSchema } from '@multpanel/contracts';
import { checkPveRequest } from '@multpanel/simulator';
import {
  afterCloneConfig,
  configView,
  createParams,
  lxcNetIp,
  nicAddressParams,
  sizeToGb,
  withNicAddresses,
} from './vms-config';

const base = {
  companyId: '0190a0a0-0000-7000-8000-000000000001',
  name: 'web-1',
  cores: 2,
  memoryMb: 2048,
  disks: [{ sizeGb: 20 }],
  networks: [{ bridge: 'vmbr0', vlan: 42 }],
  cloudInit: {
    user: 'ops',
    password: 'secret-pw',
    sshKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample ops@x'],
    ipConfig: [{ ip: '10.0.0.5/24', gw: '10.0.0.1' }],
    dns: { servers: ['1.1.1.1'], searchDomain: 'example.com' },
  },
  tags: ['prod', 'web'],
};

describe('vms-config', () => {
  it('builds schema-valid create parameters for an ISO VM and a container', () => {
    const vm = createVmSchema.parse({
      ...base,
      kind: 'qemu',
      source: { type: 'iso', isoVolid: 'local:iso/debian.iso' },
    });
    const p = createParams(vm, 123, ['local-lvm']);
    expect(p).toMatchObject({
      vmid: 123,
      name: 'web-1',
      memory: '2048',
      scsi0: 'local-lvm:20,iothread=1',
      net0: 'virtio,bridge=vmbr0,tag=42',
      tags: 'prod;web',
      ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1',
    });
    expect(String(p.sshkeys)).not.toContain(' ');
    expect(checkPveRequest('POST', '/nodes/pve1/qemu', p)).toEqual([]);

    const ct = createVmSchema.parse({
      ...base,
      kind: 'lxc',
      source: { type: 'ostemplate', volid: 'local:vztmpl/debian-12.tar.zst' },
    });
    const c = createParams(ct, 124, ['local-lvm']);
    expect(c).toMatchObject({
      hostname: 'web-1',
      rootfs: 'local-lvm:20',
      net0: 'name=eth0,bridge=vmbr0,ip=10.0.0.5/24,gw=10.0.0.1,tag=42,type=veth',
    });
    expect(checkPveRequest('POST', '/nodes/pve1/lxc', c)).toEqual([]);
  });

  it('writes IPAM IPv6 addresses as ip6=/gw6= (QEMU ipconfigN, LXC netN), IPv4 beside them', () => {
    const nics = [
      {
        nic: 0,
        family: 4,
        address: '10.0.0.9',
        prefixLength: 24,
        gateway: '10.0.0.1',
        vlan: 42,
        dnsServers: [],
        searchDomain: null,
      },
      {
        nic: 1,
        family: 6,
        address: '2001:db8:77::2',
        prefixLength: 64,
        gateway: '2001:db8:77::1',
        vlan: 77,
        dnsServers: ['2001:db8:77::53'],
        searchDomain: null,
      },
    ];
    const networks = [{ bridge: 'vmbr0' }, { bridge: 'vmbr1' }];
    const vm = withNicAddresses(
      createVmSchema.parse({
        ...base,
        networks,
        cloudInit: { user: 'ops' },
        kind: 'qemu',
        source: { type: 'iso', isoVolid: 'local:iso/debian.iso' },
      }),
      nics,
    );
    const p = createParams(vm, 125, ['local-lvm']);
    expect(p).toMatchObject({
      ipconfig0: 'ip=10.0.0.9/24,gw=10.0.0.1',
      ipconfig1: 'ip=dhcp,ip6=2001:db8:77::2/64,gw6=2001:db8:77::1',
      net1: 'virtio,bridge=vmbr1,tag=77',
    });
    expect(checkPveRequest('POST', '/nodes/pve1/qemu', p)).toEqual([]);
    // the result is still a valid create input (the API re-reads it in the job)
    expect(createVmSchema.safeParse(vm).success).toBe(true);

    const ct = withNicAddresses(
      createVmSchema.parse({
        ...base,
        networks,
        cloudInit: { password: 'secret-pw' },
        kind: 'lxc',
        source: { type: 'ostemplate', volid: 'local:vztmpl/debian-12.tar.zst' },
      }),
      nics,
    );
    const c = createParams(ct, 126, ['local-lvm']);
    expect(c.net1).toBe(
      'name=eth1,bridge=vmbr1,ip=dhcp,ip6=2001:db8:77::2/64,gw6=2001:db8:77::1,tag=77,type=veth',
    );
    expect(checkPveRequest('POST', '/nodes/pve1/lxc', c)).toEqual([]);
    expect(
      createVmSchema.safeParse({
        ...base,
        kind: 'qemu',
        source: { type: 'iso', isoVolid: 'x:iso/y' },
        cloudInit: { ipConfig: [{ ip: 'dhcp', ip6: '10.0.0.1/24' }] },
      }).success,
    ).toBe(false);
  });

  it('refuses a VLAN out of range at the schema', () => {
    const r = createVmSchema.safeParse({
      ...base,
      kind: 'qemu',
      networks: [{ bridge: 'vmbr0', vlan: 5000 }],
      source: { type: 'iso', isoVolid: 'x:iso/y' },
    });
    expect(r.success).toBe(false);
  });

  it('builds post-clone config with GPU settings and reads config back without secrets', () => {
    const vm = createVmSchema.parse({
      ...base,
      kind: 'qemu',
      gpuMapping: 'rtx4000',
      source: { type: 'template', templateId: '0190a0a0-0000-7000-8000-000000000002' },
    });
    const p = afterCloneConfig(vm);
    expect(p).toMatchObject({
      hostpci0: 'mapping=rtx4000,pcie=1,x-vga=1',
      machine: 'q35',
      bios: 'ovmf',
    });
    expect(checkPveRequest('PUT', '/nodes/pve1/qemu/100/config', p)).toEqual([]);
    const view = configView('qemu', {
      cores: 2,
      memory: '2048',
      scsi0: 'local-lvm:vm-100-disk-0,size=32G',
      ide2: 'local:iso/x.iso,media=cdrom',
      net0: 'virtio=AA:BB:CC:DD:EE:FF,bridge=vmbr0,tag=7',
      cipassword: 'x',
      ciuser: 'ops',
    });
    expect(view).toMatchObject({
      cores: 2,
      memoryMb: 2048,
      hasPassword: true,
      cloudInit: { ciuser: 'ops' },
    });
    expect(view.disks).toEqual([
      expect.objectContaining({ key: 'scsi0', storage: 'local-lvm', sizeGb: 32 }),
    ]);
    expect(view.networks[0]).toMatchObject({
      model: 'virtio',
      bridge: 'vmbr0',
      vlan: 7,
      mac: 'AA:BB:CC:DD:EE:FF',
    });
    expect(JSON.stringify(view)).not.toContain('"x"');
    expect(sizeToGb('512M')).toBe(0.5);
  });

  it("reads a container NIC's address from netN, so an edit keeps it", () => {
    expect(
      lxcNetIp(
        'name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=BC:24:11:00:00:01,ip=10.0.0.5/24,type=veth',
      ),
    ).toEqual({ ip: '10.0.0.5/24', gw: '10.0.0.1' });
    expect(lxcNetIp('name=eth0,bridge=vmbr0,ip6=2001:db8::5/64,type=veth')).toEqual({
      ip: 'dhcp',
      ip6: '2001:db8::5/64',
    });
    expect(lxcNetIp('name=eth0,bridge=vmbr0,type=veth')).toBeUndefined();
    expect(lxcNetIp(undefined)).toBeUndefined();
  });

  it("writes a moved NIC's address: QEMU ipconfigN (other family kept), LXC netN, the range's tag", () => {
    const a = {
      nic: 0,
      family: 4,
      address: '10.1.0.9',
      prefixLength: 24,
      gateway: '10.1.0.1',
      vlan: 12,
      dnsServers: [],
      searchDomain: null,
    };
    const qemu = {
      net0: 'virtio=AA:BB:CC:DD:EE:FF,bridge=vmbr0,tag=7',
      ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1,ip6=2001:db8::5/64',
    };
    const p = nicAddressParams('qemu', qemu, a)!;
    expect(p).toEqual({
      ipconfig0: 'ip=10.1.0.9/24,gw=10.1.0.1,ip6=2001:db8::5/64',
      net0: 'virtio=AA:BB:CC:DD:EE:FF,bridge=vmbr0,tag=12',
    });
    expect(checkPveRequest('PUT', '/nodes/pve1/qemu/100/config', p)).toEqual([]);
    // no VLAN on the range, no gateway: the tag stays, the old gateway goes
    expect(nicAddressParams('qemu', qemu, { ...a, vlan: null, gateway: null })).toEqual({
      ipconfig0: 'ip=10.1.0.9/24,ip6=2001:db8::5/64',
    });
    // IPv6 on a NIC without ipconfig: IPv4 stays DHCP
    expect(
      nicAddressParams(
        'qemu',
        { net0: qemu.net0 },
        {
          ...a,
          family: 6,
          address: '2001:db8:1::9',
          prefixLength: 64,
          gateway: '2001:db8:1::1',
          vlan: null,
        },
      ),
    ).toEqual({ ipconfig0: 'ip=dhcp,ip6=2001:db8:1::9/64,gw6=2001:db8:1::1' });

    const lxc = {
      net0: 'name=eth0,bridge=vmbr0,gw=10.0.0.1,hwaddr=BC:24:11:00:00:01,ip=10.0.0.5/24,type=veth',
    };
    const c = nicAddressParams('lxc', lxc, a)!;
    expect(c).toEqual({
      net0: 'name=eth0,bridge=vmbr0,gw=10.1.0.1,hwaddr=BC:24:11:00:00:01,ip=10.1.0.9/24,type=veth,tag=12',
    });
    expect(checkPveRequest('PUT', '/nodes/pve1/lxc/100/config', c)).toEqual([]);
    expect(nicAddressParams('lxc', lxc, { ...a, nic: 2 })).toBeUndefined();
  });

  it('puts a NIC of an SDN-bound range on the VNet, untagged (create and move)', () => {
    const a = {
      nic: 0,
      family: 4,
      address: '10.30.0.9',
      prefixLength: 24,
      gateway: '10.30.0.1',
      vlan: null,
      bridge: 'vnet1',
      dnsServers: [],
      searchDomain: null,
    };
    const qemu = { net0: 'virtio=AA:BB:CC:DD:EE:FF,bridge=vmbr0,tag=7' };
    const p = nicAddressParams('qemu', qemu, a)!;
    expect(p).toEqual({
      ipconfig0: 'ip=10.30.0.9/24,gw=10.30.0.1',
      net0: 'virtio=AA:BB:CC:DD:EE:FF,bridge=vnet1',
    });
    expect(checkPveRequest('PUT', '/nodes/pve1/qemu/100/config', p)).toEqual([]);
    const lxc = { net0: 'name=eth0,bridge=vmbr0,tag=7,type=veth' };
    expect(nicAddressParams('lxc', lxc, a)).toEqual({
      net0: 'name=eth0,bridge=vnet1,type=veth,ip=10.30.0.9/24,gw=10.30.0.1',
    });
    const vm = withNicAddresses(
      createVmSchema.parse({
        ...base,
        networks: [{ bridge: 'vmbr0', vlan: 7 }],
        kind: 'qemu',
        source: { type: 'iso', isoVolid: 'local:iso/debian.iso' },
      }),
      [a],
    );
    expect(vm.networks).toEqual([{ bridge: 'vnet1' }]);
  });
});
