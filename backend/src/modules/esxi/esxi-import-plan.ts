import type {
  EsxiImportPlan,
  EsxiImportWarning,
  EsxiNetworkMapping,
  EsxiNic,
  EsxiPostImportHint,
} from '@multpanel/contracts';
import { AppError } from '../../common/errors/app-error';

// Pure rules of an import through Proxmox's esxi storage: which volume is the VM, what
// import-metadata means, and the POST /nodes/{node}/qemu parameters built from it.

type Raw = Record<string, unknown>;

const WARNINGS: Record<string, string> = {
  'efi-state-lost':
    'The guest boots with UEFI: its EFI variables (boot entries, Secure Boot keys) are not carried over; a new EFI disk is created',
  'guest-is-running':
    'The source VM is running: import a consistent copy by shutting it down first (or use live import)',
  'cdrom-image-ignored': 'A CD/DVD image attached on ESXi is not imported',
  'nvme-unsupported': 'An NVMe disk is not recognised by the importer and is left out',
  'ovmf-with-lsi-unsupported':
    'UEFI with an LSI SCSI controller does not boot on Proxmox; the controller is changed',
  'serial-port-socket-only': 'Serial ports become sockets on Proxmox',
  'ova-needs-extracting': 'The OVA must be extracted before its disks can be imported',
};

/** The storage id the platform gives a source on a cluster (stable, valid for PVE). */
export function esxiStorageId(sourceId: string): string {
  return `esxi-${sourceId.replace(/-/g, '').slice(-12)}`;
}

/**
 * The `.vmx` volume of a VM on the esxi storage: `<storage>:<dc>/<datastore>/<path>` for the
 * discovered `[datastore] path` (the datacenter is not known from discovery, so it is matched as
 * any one path segment).
 */
export function findVmxVolume(volids: string[], vmPathName: string | null): string | null {
  const m = vmPathName ? /^\[([^\]]+)\]\s*(.+)$/.exec(vmPathName) : null;
  if (!m) return null;
  const tail = `/${m[1]}/${m[2]}`;
  return (
    volids.find(
      (v) => v.endsWith(tail) && !v.slice(v.indexOf(':') + 1, -tail.length).includes('/'),
    ) ?? null
  );
}

/** import-metadata as the platform shows it: disks, EFI, NICs (with their source network), warnings. */
export function toImportPlan(
  esxiStorage: string,
  volid: string,
  meta: Raw,
  discoveredNics: EsxiNic[],
): EsxiImportPlan {
  const createArgs: Record<string, string | number> = {};
  for (const [k, v] of Object.entries((meta['create-args'] as Raw | undefined) ?? {}))
    if (typeof v === 'string' || typeof v === 'number') createArgs[k] = v;
  const disks: EsxiImportPlan['disks'] = [];
  let efiDisk = false;
  for (const [key, v] of Object.entries((meta.disks as Raw | undefined) ?? {})) {
    if (key === 'efidisk0') efiDisk = true;
    else if (v && typeof v === 'object' && typeof (v as Raw).volid === 'string')
      disks.push({
        key,
        volid: (v as Raw).volid as string,
        sizeBytes: Number((v as Raw).size ?? 0),
      });
  }
  disks.sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
  const nics = Object.entries((meta.net as Raw | undefined) ?? {})
    .map(([key, v]): Raw & { key: string } => ({ ...((v ?? {}) as Raw), key }))
    .sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }))
    .map((n, i) => {
      const mac = typeof n.macaddr === 'string' ? n.macaddr.toLowerCase() : null;
      const found =
        discoveredNics.find((d) => mac !== null && d.mac?.toLowerCase() === mac) ??
        discoveredNics[i];
      return {
        key: n.key,
        model: typeof n.model === 'string' ? n.model : 'vmxnet3',
        mac,
        network: found?.network ?? null,
      };
    });
  const warnings: EsxiImportWarning[] = (Array.isArray(meta.warnings) ? meta.warnings : []).map(
    (w: Raw) => ({
      type: String(w.type),
      key: typeof w.key === 'string' ? w.key : null,
      value: typeof w.value === 'string' ? w.value : null,
      message: WARNINGS[String(w.type)] ?? `Proxmox reports: ${String(w.type)}`,
    }),
  );
  return {
    esxiStorage,
    volid,
    createArgs,
    disks,
    efiDisk,
    nics,
    warnings,
    hints: postImportHints(createArgs, nics),
  };
}

/** NIC models that have a VirtIO replacement once the guest has the driver. */
const EMULATED_NICS = new Set(['vmxnet3', 'e1000', 'e1000e', 'rtl8139']);

/**
 * The after-import checklist for a guest the importer creates: VMware Tools out, the QEMU guest
 * agent in, and VirtIO. Windows has no VirtIO drivers of its own, so it keeps the emulated
 * controller and NICs until the virtio-win drivers are installed; Linux has them built in.
 */
export function postImportHints(
  createArgs: Record<string, string | number>,
  nics: Array<{ key: string; model: string }>,
): EsxiPostImportHint[] {
  const windows = String(createArgs.ostype ?? '').startsWith('win');
  const emulated = nics.filter((n) => EMULATED_NICS.has(n.model)).map((n) => n.key);
  const scsihw = String(createArgs.scsihw ?? '');
  const hints: EsxiPostImportHint[] = [
    {
      type: 'remove-vmware-tools',
      message: windows
        ? 'Uninstall VMware Tools (Apps and Features): its drivers and services do nothing on Proxmox'
        : 'Remove open-vm-tools (or VMware Tools): it does nothing on Proxmox',
    },
    {
      type: 'install-guest-agent',
      message: windows
        ? 'Install the QEMU guest agent from the virtio-win ISO (guest-agent\\qemu-ga-x86_64.msi)'
        : 'Install and enable qemu-guest-agent (apt/dnf install qemu-guest-agent)',
    },
  ];
  if (windows) {
    hints.push({
      type: 'virtio-drivers',
      message:
        'Windows has no VirtIO drivers: mount the virtio-win ISO and run virtio-win-guest-tools.exe before switching disks or NICs to VirtIO, or the guest will not boot or find its network',
    });
  }
  if (scsihw && !scsihw.startsWith('virtio'))
    hints.push({
      type: 'virtio-scsi',
      message: windows
        ? `After the VirtIO drivers are in: change the SCSI controller from ${scsihw} to VirtIO SCSI single (the disks then use the VirtIO driver)`
        : `Change the SCSI controller from ${scsihw} to VirtIO SCSI single (Linux has the driver built in)`,
    });
  if (emulated.length)
    hints.push({
      type: 'virtio-nic',
      message: windows
        ? `After the VirtIO drivers are in: switch ${emulated.join(', ')} to the VirtIO model (the MAC address stays; Windows sees a new adapter, so set its static IP again)`
        : `Switch ${emulated.join(', ')} to the VirtIO model (the MAC address stays; check the interface name in the guest's network configuration)`,
    });
  return hints;
}

export interface MappedNic {
  key: string;
  bridge: string;
  vlan?: number;
  ipamRangeId?: string;
}

/** Each NIC's bridge: the mapping naming its source network, else the default (no `source`). */
export function mapNics(nics: EsxiImportPlan['nics'], mappings: EsxiNetworkMapping[]): MappedNic[] {
  const fallback = mappings.find((m) => m.source === undefined);
  return nics.map((n) => {
    const m = mappings.find((x) => x.source !== undefined && x.source === n.network) ?? fallback;
    if (!m)
      throw new AppError(
        'VALIDATION_FAILED',
        `networks: no mapping for ${n.key} (source network ${n.network ?? 'unknown'}); add one or a default without "source"`,
        [{ path: 'networks', message: `no mapping for ${n.key}`, code: 'custom' }],
      );
    return {
      key: n.key,
      bridge: m.bridge,
      ...(m.vlan ? { vlan: m.vlan } : {}),
      ...(m.ipamRangeId ? { ipamRangeId: m.ipamRangeId } : {}),
    };
  });
}

/** A valid PVE guest name from a VMware display name (`SQL 2019 (prod)` → `SQL-2019-prod`). */
export function pveGuestName(name: string): string {
  const out = name
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return out || 'imported-vm';
}

/**
 * `POST /nodes/{node}/qemu`: the importer's create-args, each disk `<storage>:0,import-from=…`, a
 * fresh EFI disk for UEFI guests, each NIC on its bridge with the source MAC kept.
 */
export function importCreateParams(
  plan: Pick<EsxiImportPlan, 'createArgs' | 'disks' | 'efiDisk' | 'nics'>,
  target: {
    vmid: number;
    storage: string;
    name: string;
    nics: Array<{ key: string; bridge: string; vlan?: number }>;
    live: boolean;
    /** Turn the QEMU guest agent channel on (a wave that checks the agent after the start). */
    agent?: boolean;
  },
): Record<string, string | number> & { vmid: number } {
  const p: Record<string, string | number> & { vmid: number } = {
    ...plan.createArgs,
    vmid: target.vmid,
    name: target.name,
  };
  for (const d of plan.disks) p[d.key] = `${target.storage}:0,import-from=${d.volid}`;
  if (plan.efiDisk) p.efidisk0 = `${target.storage}:1,efitype=4m`;
  for (const n of plan.nics) {
    const m = target.nics.find((x) => x.key === n.key);
    if (!m) continue;
    p[n.key] = [
      `model=${n.model}`,
      n.mac ? `macaddr=${n.mac}` : null,
      `bridge=${m.bridge}`,
      m.vlan ? `tag=${m.vlan}` : null,
    ]
      .filter(Boolean)
      .join(',');
  }
  if (target.live) p['live-restore'] = 1;
  if (target.agent && p.agent === undefined) p.agent = 1;
  return p;
}
