import { addDiskParam, bootOrderOf, bootValue, cdromParam, cdromsOf } from './vms-devices';

const vm = {
  scsihw: 'virtio-scsi-single',
  scsi0: 'local-lvm:vm-101-disk-0,iothread=1,size=32G',
  scsi1: 'local-lvm:vm-101-disk-1,size=8G',
  ide0: 'local-lvm:vm-101-cloudinit,media=cdrom',
  net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0',
  boot: 'order=scsi0;net0',
};

describe('vms-devices', () => {
  it('reads CD/DVD drives without the cloud-init drive, empty ones as null', () => {
    expect(cdromsOf('qemu', vm)).toEqual([]);
    expect(
      cdromsOf('qemu', {
        ...vm,
        ide2: 'local:iso/d.iso,media=cdrom,size=1G',
        sata0: 'none,media=cdrom',
      }),
    ).toEqual([
      { key: 'ide2', isoVolid: 'local:iso/d.iso' },
      { key: 'sata0', isoVolid: null },
    ]);
    expect(cdromsOf('lxc', { ide2: 'local:iso/d.iso,media=cdrom' })).toEqual([]);
  });

  it('reads the boot order; the legacy form reads as none', () => {
    expect(bootOrderOf('qemu', vm)).toEqual(['scsi0', 'net0']);
    expect(bootOrderOf('qemu', { boot: 'cdn' })).toEqual([]);
    expect(bootOrderOf('qemu', {})).toEqual([]);
  });

  it('adds a disk on the next free slot, iothread only on the single-queue controller', () => {
    expect(addDiskParam('qemu', vm, { storage: 'ceph', sizeGb: 10 })).toEqual({
      key: 'scsi2',
      value: 'ceph:10,iothread=1',
    });
    expect(addDiskParam('qemu', { scsi1: 'x' }, { storage: 'ceph', sizeGb: 1 })).toEqual({
      key: 'scsi0',
      value: 'ceph:1',
    });
    const ct = { rootfs: 'local-lvm:subvol-200-disk-0,size=8G', mp0: 'local-lvm:x,mp=/mnt/data1' };
    expect(addDiskParam('lxc', ct, { storage: 'local-lvm', sizeGb: 4 })).toEqual({
      key: 'mp1',
      value: 'local-lvm:4,mp=/mnt/data2',
    });
    expect(() =>
      addDiskParam('lxc', ct, { storage: 'local-lvm', sizeGb: 4, mountPath: '/mnt/data1' }),
    ).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    const full = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`scsi${i}`, 'x']));
    expect(() => addDiskParam('qemu', full, { storage: 'a', sizeGb: 1 })).toThrow(/no free SCSI/);
  });

  it('puts an ISO in the existing drive, else ide2, else a free slot; ejects to none', () => {
    expect(cdromParam(vm, 'local:iso/d.iso')).toEqual({
      key: 'ide2',
      value: 'local:iso/d.iso,media=cdrom',
    });
    const withDrive = { ...vm, sata1: 'local:iso/old.iso,media=cdrom' };
    expect(cdromParam(withDrive, null)).toEqual({ key: 'sata1', value: 'none,media=cdrom' });
    expect(cdromParam({ ...vm, ide2: 'local-lvm:vm-1-disk-9' }, 'local:iso/d.iso').key).toBe(
      'ide1',
    );
    expect(() => cdromParam(vm, null)).toThrow(/no CD\/DVD drive/);
  });

  it('builds order= only from devices the VM has (not the cloud-init drive)', () => {
    expect(bootValue(vm, ['net0', 'scsi1'])).toBe('order=net0;scsi1');
    expect(() => bootValue(vm, ['scsi0', 'virtio3'])).toThrow(/no bootable virtio3/);
    expect(() => bootValue(vm, ['ide0'])).toThrow(/no bootable ide0/);
  });
});
