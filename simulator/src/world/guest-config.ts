import type { AuthContext } from '../auth/acl';
import { hasPriv, isRoot } from '../auth/acl';
import { PveError, forbidden } from '../errors';
import type { ClusterState, Config, Guest } from './types';
import { formatOf, parseCanonical, pveFormatSize, printPropertyString } from './canonical';
import { parseSize } from './metrics';
import { storageOrFail } from './storage';
import { macFor, makeRng } from './random';

export const QEMU_DISK = /^(ide|sata|scsi|virtio)\d+$|^(efidisk|tpmstate)0$/;
export const LXC_DISK = /^(rootfs|mp\d+)$/;

/** Keys a running guest applies at once; everything else waits in pending until restart. */
const HOTPLUG =
  /^(name|description|tags|onboot|protection|startup|lock|net\d+|ide\d+|sata\d+|scsi\d+|virtio\d+|unused\d+|ipconfig\d+|ciuser|cipassword|sshkeys|nameserver|searchdomain|hostname|agent|boot)$/;

export function privForKey(type: 'qemu' | 'lxc', key: string, value?: string): string {
  if (/^(memory|balloon|shares|swap)$/.test(key)) return 'VM.Config.Memory';
  if (/^(cores|sockets|cpu|cpulimit|cpuunits|vcpus|numa|affinity|cpuset)$/.test(key))
    return 'VM.Config.CPU';
  if (/^net\d+$/.test(key)) return 'VM.Config.Network';
  if (
    /^(ipconfig\d+|ciuser|cipassword|citype|ciupgrade|cicustom|sshkeys|nameserver|searchdomain)$/.test(
      key,
    )
  )
    return type === 'qemu' ? 'VM.Config.Cloudinit' : 'VM.Config.Network';
  if (QEMU_DISK.test(key) || LXC_DISK.test(key) || /^unused\d+$/.test(key))
    return value && /media=cdrom/.test(value) ? 'VM.Config.CDROM' : 'VM.Config.Disk';
  if (
    /^(hostpci\d+|usb\d+|machine|bios|scsihw|vga|serial\d+|parallel\d+|audio0|rng0|watchdog|tablet|keyboard|ivshmem|virtiofs\d+)$/.test(
      key,
    )
  )
    return 'VM.Config.HWType';
  return 'VM.Config.Options';
}

/** Per-key permission check PVE's update_vm_api does (any VM.Config.* passed the schema check). */
export function checkKeyPrivs(
  c: ClusterState,
  auth: AuthContext,
  g: Guest | { vmid: number; pool?: string; type: 'qemu' | 'lxc' },
  keys: Record<string, unknown>,
): void {
  for (const [k, v] of Object.entries(keys)) {
    const priv = privForKey(g.type, k, typeof v === 'string' ? v : undefined);
    const ok =
      hasPriv(c, auth, `/vms/${g.vmid}`, [priv]) ||
      (!!g.pool && hasPriv(c, auth, `/pool/${g.pool}`, [priv]));
    if (!ok) throw forbidden(`/vms/${g.vmid}, ${priv}`);
  }
}

/** GPU passthrough: raw `host=` is root@pam only; `mapping=` needs Mapping.Use and an existing mapping. */
export function checkHostpci(
  c: ClusterState,
  auth: AuthContext,
  config: Config,
  machine = config.machine,
): void {
  for (const [k, v] of Object.entries(config)) {
    if (!/^hostpci\d+$/.test(k)) continue;
    const s = String(v);
    const mapping = /(?:^|,)mapping=([^,]+)/.exec(s)?.[1];
    const host =
      /(?:^|,)host=([^,]+)/.exec(s)?.[1] ?? (/^[^=,]+(,|$)/.test(s) ? s.split(',')[0] : undefined);
    if (mapping) {
      if (!c.pciMappings[mapping])
        throw new PveError(500, `${k}: PCI mapping '${mapping}' not found`);
      if (!hasPriv(c, auth, `/mapping/pci/${mapping}`, ['Mapping.Use']))
        throw forbidden(`/mapping/pci/${mapping}, Mapping.Use`);
    } else if (host) {
      if (!(auth.user === 'root@pam' && !auth.tokenid)) throw forbidden(`user != root@pam`);
    }
    if (/romfile=/.test(s) && !isRoot(auth)) throw forbidden('user != root@pam');
    if (/pcie=1/.test(s) && !/q35/.test(String(machine ?? '')))
      throw new PveError(500, `${k}: q35 machine model is not enabled`);
  }
}

function nextDiskIndex(c: ClusterState, vmid: number): number {
  const g = c.guests.get(vmid);
  let max = -1;
  for (const v of Object.values(g?.config ?? {})) {
    const m = new RegExp(`vm-${vmid}-disk-(\\d+)`).exec(String(v));
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/**
 * Turn create-time disk syntax into allocated volumes: `STORAGE:SIZE` → `STORAGE:vm-ID-disk-N,size=SIZEG`,
 * `STORAGE:0,import-from=SRC` → sized from the source, `STORAGE:cloudinit` → cloud-init drive.
 */
export function allocateDisks(
  c: ClusterState,
  vmid: number,
  type: 'qemu' | 'lxc',
  config: Config,
  importSizes?: (src: string) => number,
): void {
  let idx = nextDiskIndex(c, vmid);
  for (const [k, v] of Object.entries(config)) {
    if (!(type === 'qemu' ? QEMU_DISK : LXC_DISK).test(k)) continue;
    const parts = String(v).split(',');
    const first = parts[0].replace(/^volume=/, '');
    const m = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(\d+(?:\.\d+)?|cloudinit)$/i.exec(first);
    if (!m) continue;
    const s = storageOrFail(c, m[1]);
    const need = type === 'lxc' ? 'rootdir' : 'images';
    if (!String(s.content).split(',').includes(need))
      throw new PveError(500, `storage '${s.storage}' does not support content-type '${need}'`);
    const rest = parts
      .slice(1)
      .filter((p) => !p.startsWith('size=') && !p.startsWith('import-from='));
    if (m[2] === 'cloudinit') {
      config[k] = [
        `${s.storage}:vm-${vmid}-cloudinit`,
        'media=cdrom',
        ...rest.filter((p) => p !== 'media=cdrom'),
      ].join(',');
      continue;
    }
    let bytes = Number(m[2]) * 1024 ** 3;
    const src = /(?:^|,)import-from=([^,]+)/.exec(String(v))?.[1];
    if (src) bytes = importSizes?.(src) ?? 8 * 1024 ** 3;
    if (bytes <= 0) bytes = 4 * 1024 ** 3;
    config[k] = [
      `${s.storage}:vm-${vmid}-disk-${idx++}`,
      ...rest,
      `size=${pveFormatSize(bytes)}`,
    ].join(',');
  }
}

export function diskSize(value: string): number {
  const m = /(?:^|,)size=([^,]+)/.exec(value);
  return m ? parseSize(m[1]) : 0;
}

/** The disk's config value with a new size, printed as PVE stores it. */
export function withSize(kind: 'qemu' | 'lxc', key: string, value: string, bytes: number): string {
  const format = formatOf(kind, key);
  if (!format) return value;
  const v: Record<string, string> = parseCanonical(value, format);
  v.size = String(bytes);
  return printPropertyString(v, format, kind === 'lxc' ? ['type'] : []);
}

/** Fresh MAC addresses for clones/unique restores. */
export function regenerateMacs(config: Config, seed: number): void {
  const rng = makeRng(seed + Date.now());
  for (const [k, v] of Object.entries(config)) {
    if (!/^net\d+$/.test(k)) continue;
    config[k] = String(v)
      .replace(/((?:virtio|e1000e?|vmxnet3|rtl8139)=)[0-9A-F:]{17}/i, `$1${macFor(rng)}`)
      .replace(/hwaddr=[0-9A-F:]{17}/i, `hwaddr=${macFor(rng)}`)
      .replace(/macaddr=[0-9A-F:]{17}/i, `macaddr=${macFor(rng)}`);
  }
}

/** Apply an update (PUT/POST config): returns keys that went to pending on a running guest. */
export function applyConfigUpdate(g: Guest, set: Config, del: string[], revert: string[]): void {
  const running = g.status === 'running';
  for (const k of revert) {
    delete g.pending[k];
    g.pendingDelete = g.pendingDelete.filter((x) => x !== k);
  }
  for (const [k, v] of Object.entries(set)) {
    if (running && g.type === 'qemu' && !HOTPLUG.test(k)) g.pending[k] = v;
    else {
      g.config[k] = v;
      delete g.pending[k];
    }
  }
  for (const k of del) {
    if (running && g.type === 'qemu' && !HOTPLUG.test(k)) {
      if (!g.pendingDelete.includes(k)) g.pendingDelete.push(k);
    } else delete g.config[k];
  }
  delete g.digest;
}

export function applyPending(g: Guest): void {
  for (const [k, v] of Object.entries(g.pending)) g.config[k] = v;
  for (const k of g.pendingDelete) delete g.config[k];
  g.pending = {};
  g.pendingDelete = [];
  delete g.digest;
}
