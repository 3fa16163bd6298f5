import type { AddDiskInput, VmCdrom, VmKind } from '@multpanel/contracts';
import { AppError } from '../../common/errors/app-error';

// Pure rules for a guest's devices: a new disk, the CD/DVD drive, the boot order (PVE 9.1 keys:
// scsiN/mpN volumes `STORAGE:SIZE_GIB`, ideN/sataN `VOLID,media=cdrom`, `boot: order=a;b;c`).

type Cfg = Record<string, unknown>;

const DRIVE_RE = /^(ide|sata|scsi|virtio)\d+$/;
const isCdrom = (v: unknown) => /(^|,)media=cdrom(,|$)/.test(String(v));
const isCloudInit = (v: unknown) => /-cloudinit(,|$)/.test(String(v).split(',')[0] ?? '');

/** The highest index each bus takes (qemu-server's MAX_*_DISKS - 1; containers: mp0..mp255). */
const MAX_INDEX: Record<string, number> = { scsi: 30, virtio: 15, sata: 5, ide: 3, mp: 255 };

function freeKey(cfg: Cfg, bus: string, taken: Iterable<string> = []): string | null {
  const used = new Set([...Object.keys(cfg), ...taken]);
  for (let i = 0; i <= MAX_INDEX[bus]; i++) if (!used.has(`${bus}${i}`)) return `${bus}${i}`;
  return null;
}

/** CD/DVD drives without the cloud-init drive; `none` (empty) and `cdrom` (host drive) read as null. */
export function cdromsOf(kind: VmKind, cfg: Cfg): VmCdrom[] {
  if (kind !== 'qemu') return [];
  return Object.keys(cfg)
    .filter((k) => DRIVE_RE.test(k) && isCdrom(cfg[k]) && !isCloudInit(cfg[k]))
    .sort()
    .map((key) => {
      const file = String(cfg[key])
        .split(',')[0]
        .replace(/^file=/, '');
      return { key, isoVolid: file === 'none' || file === 'cdrom' || !file ? null : file };
    });
}

/** `boot: order=scsi0;ide2;net0` → its devices; the legacy `cdn` form and no value → []. */
export function bootOrderOf(kind: VmKind, cfg: Cfg): string[] {
  if (kind !== 'qemu' || cfg.boot === undefined) return [];
  const order = /(?:^|,)order=([^,]*)/.exec(String(cfg.boot))?.[1];
  return order ? order.split(/[;]/).filter(Boolean) : [];
}

/** The key and value of a new disk: the next free scsiN (VMs) or mpN (containers). */
export function addDiskParam(
  kind: VmKind,
  cfg: Cfg,
  disk: AddDiskInput,
): { key: string; value: string } {
  if (kind === 'qemu') {
    const key = freeKey(cfg, 'scsi');
    if (!key) throw new AppError('VALIDATION_FAILED', 'The VM has no free SCSI slot left');
    // iothread needs the single-queue controller the platform creates VMs with.
    const io = String(cfg.scsihw ?? '') === 'virtio-scsi-single' ? ',iothread=1' : '';
    return { key, value: `${disk.storage}:${disk.sizeGb}${io}` };
  }
  const key = freeKey(cfg, 'mp');
  if (!key) throw new AppError('VALIDATION_FAILED', 'The container has no free mount point left');
  const path = disk.mountPath ?? `/mnt/data${Number(key.slice(2)) + 1}`;
  const used = Object.keys(cfg)
    .filter((k) => /^mp\d+$/.test(k))
    .map((k) => /(?:^|,)mp=([^,]+)/.exec(String(cfg[k]))?.[1]);
  if (used.includes(path))
    throw new AppError('CONFLICT', `Something is already mounted at ${path}`, { mountPath: path });
  return { key, value: `${disk.storage}:${disk.sizeGb},mp=${path}` };
}

/** Where an ISO goes: the VM's CD/DVD drive, else ide2 (what the create wizard uses), else a free IDE/SATA slot. */
export function cdromParam(cfg: Cfg, isoVolid: string | null): { key: string; value: string } {
  const value = `${isoVolid ?? 'none'},media=cdrom`;
  const existing = cdromsOf('qemu', cfg)[0];
  if (existing) return { key: existing.key, value };
  if (isoVolid === null) throw new AppError('VALIDATION_FAILED', 'The VM has no CD/DVD drive');
  const key = cfg.ide2 === undefined ? 'ide2' : (freeKey(cfg, 'ide') ?? freeKey(cfg, 'sata'));
  if (!key) throw new AppError('VALIDATION_FAILED', 'The VM has no free IDE or SATA slot left');
  return { key, value };
}

/** `order=…` after checking each device exists (Proxmox refuses a boot order naming a missing one). */
export function bootValue(cfg: Cfg, order: string[]): string {
  const missing = order.filter(
    (d) => cfg[d] === undefined || !(DRIVE_RE.test(d) || /^net\d+$/.test(d)) || isCloudInit(cfg[d]),
  );
  if (missing.length) {
    throw new AppError('VALIDATION_FAILED', `The VM has no bootable ${missing.join(', ')}`, {
      missing,
    });
  }
  return `order=${order.join(';')}`;
}
