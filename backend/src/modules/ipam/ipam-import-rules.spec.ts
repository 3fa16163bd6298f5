import { knownGuestAddresses } from './ipam-import-rules';

describe('knownGuestAddresses', () => {
  it('reads a container’s netN ip= and ip6=, skipping dhcp/auto/manual', () => {
    expect(
      knownGuestAddresses('lxc', {
        net0: 'name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:00:01,ip=10.0.0.5/24,gw=10.0.0.1,ip6=2001:db8::5/64',
        net1: 'name=eth1,bridge=vmbr1,ip=dhcp,ip6=auto',
        ipconfig0: 'ip=10.9.9.9/24', // not a container key
      }),
    ).toEqual([
      { nic: 0, address: '10.0.0.5', source: 'config' },
      { nic: 0, address: '2001:db8::5', source: 'config' },
    ]);
  });

  it('reads a VM’s ipconfigN and its agent’s addresses on the NIC with the same MAC', () => {
    expect(
      knownGuestAddresses(
        'qemu',
        {
          net0: 'virtio=BC:24:11:AA:BB:01,bridge=vmbr0',
          net1: 'virtio=BC:24:11:AA:BB:02,bridge=vmbr1',
          ipconfig1: 'ip=10.1.0.7/24,gw=10.1.0.1',
        },
        [
          {
            name: 'lo',
            mac: '00:00:00:00:00:00',
            addresses: [{ address: '127.0.0.1', prefix: 8 }],
          },
          {
            name: 'eth0',
            mac: 'bc:24:11:aa:bb:01',
            addresses: [
              { address: '10.0.0.8', prefix: 24 },
              { address: 'fe80::1', prefix: 64 },
            ],
          },
          {
            name: 'eth1',
            mac: 'bc:24:11:aa:bb:02',
            addresses: [{ address: '10.1.0.7', prefix: 24 }],
          },
          {
            name: 'docker0',
            mac: '02:42:00:00:00:01',
            addresses: [{ address: '172.17.0.1', prefix: 16 }],
          },
        ],
      ),
    ).toEqual([
      { nic: 1, address: '10.1.0.7', source: 'config' },
      { nic: 0, address: '10.0.0.8', source: 'agent' },
      { nic: null, address: '172.17.0.1', source: 'agent' },
    ]);
  });
});
