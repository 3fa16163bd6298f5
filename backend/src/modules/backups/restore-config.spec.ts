import { disconnectedNetworks } from './restore-config';

describe('disconnectedNetworks', () => {
  it('sets link_down=1 on every network device and nothing else', () => {
    expect(
      disconnectedNetworks('qemu', {
        net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0',
        net1: 'virtio=BC:24:11:00:00:02,bridge=vmbr1,link_down=0',
        scsi0: 'local-lvm:vm-100-disk-0,size=32G',
        name: 'web',
      }),
    ).toEqual({
      net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0,link_down=1',
      net1: 'virtio=BC:24:11:00:00:02,bridge=vmbr1,link_down=1',
    });
    expect(disconnectedNetworks('lxc', { rootfs: 'local-lvm:1' })).toEqual({});
  });
});
