import type {
  EsxiDatastore,
  EsxiDiscoveryChanges,
  EsxiDisk,
  EsxiNetwork,
  EsxiNic,
} from '@multpanel/contracts';
import { text, type XmlNode } from './vsphere-client';

/** The VirtualMachine properties discovery reads (one RetrievePropertiesEx page at a time). */
export const VM_PATHS = [
  'name',
  'config.uuid',
  'config.guestId',
  'config.guestFullName',
  'config.firmware',
  'config.hardware.numCPU',
  'config.hardware.memoryMB',
  'config.hardware.device',
  'config.files.vmPathName',
  'runtime.powerState',
  'guest.toolsStatus',
  'guest.ipAddress',
  'guest.net',
  'snapshot',
];
export const DATASTORE_PATHS = ['name', 'summary.type', 'summary.capacity', 'summary.freeSpace'];
export const NETWORK_PATHS = ['name'];

export interface DiscoveredVm {
  moref: string;
  name: string;
  uuid: string | null;
  guestOs: string | null;
  guestOsName: string | null;
  firmware: 'bios' | 'efi' | null;
  cpus: number;
  memoryMb: number;
  powerState: string;
  toolsStatus: string | null;
  ipAddresses: string[];
  disks: EsxiDisk[];
  nics: EsxiNic[];
  snapshots: number;
  /** `[datastore] folder/name.vmx` */
  vmxPath: string | null;
}

const NIC_TYPES: Record<string, string> = {
  VirtualVmxnet3: 'vmxnet3',
  VirtualVmxnet3Vrdma: 'vmxnet3',
  VirtualVmxnet2: 'vmxnet2',
  VirtualVmxnet: 'vmxnet',
  VirtualE1000: 'e1000',
  VirtualE1000e: 'e1000e',
  VirtualPCNet32: 'pcnet32',
  VirtualSriovEthernetCard: 'sriov',
};

const num = (v: unknown): number => Number(text(v) ?? 0) || 0;
const arr = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const node = (v: unknown): XmlNode => (v && typeof v === 'object' ? (v as XmlNode) : {});

function countSnapshots(list: XmlNode[]): number {
  return list.reduce((n, s) => n + 1 + countSnapshots(arr(s.childSnapshotList as XmlNode[])), 0);
}

/** One VM's property set, as the property collector returned it, in the platform's terms. */
export function toDiscoveredVm(
  moref: string,
  p: Record<string, unknown>,
  networkNames: Map<string, string>,
): DiscoveredVm {
  const devices = arr(node(p['config.hardware.device']).VirtualDevice as XmlNode[]);
  const disks: EsxiDisk[] = [];
  const nics: EsxiNic[] = [];
  for (const d of devices) {
    const type = String(d['@_type'] ?? '');
    const label = text(node(d.deviceInfo).label) ?? type;
    const backing = node(d.backing);
    if (type === 'VirtualDisk') {
      const fileName = text(backing.fileName);
      const capacityBytes = num(d.capacityInBytes) || num(d.capacityInKB) * 1024;
      const ds = fileName?.match(/^\[([^\]]+)\]/)?.[1] ?? null;
      const thin = text(backing.thinProvisioned);
      disks.push({
        label,
        fileName,
        datastore: ds,
        capacityBytes,
        thin: thin === null ? null : thin === 'true',
      });
    } else if (NIC_TYPES[type]) {
      const portgroup = text(node(backing.port).portgroupKey);
      const net =
        text(backing.deviceName) ??
        (portgroup ? (networkNames.get(portgroup) ?? portgroup) : null) ??
        (text(backing.network) ? (networkNames.get(text(backing.network)!) ?? null) : null);
      const connected = text(node(d.connectable).connected);
      nics.push({
        label,
        model: NIC_TYPES[type],
        mac: text(d.macAddress),
        network: net,
        connected: connected === null ? null : connected === 'true',
      });
    }
  }
  const ips = new Set<string>();
  const primary = text(p['guest.ipAddress']);
  if (primary) ips.add(primary);
  for (const n of arr(node(p['guest.net']).GuestNicInfo as XmlNode[]))
    for (const ip of arr(n.ipAddress as unknown[])) if (text(ip)) ips.add(text(ip)!);
  const fw = text(p['config.firmware']);
  return {
    moref,
    name: text(p.name) ?? moref,
    uuid: text(p['config.uuid']),
    guestOs: text(p['config.guestId']),
    guestOsName: text(p['config.guestFullName']),
    firmware: fw === 'efi' ? 'efi' : fw === 'bios' ? 'bios' : null,
    cpus: num(p['config.hardware.numCPU']),
    memoryMb: num(p['config.hardware.memoryMB']),
    powerState: text(p['runtime.powerState']) ?? 'unknown',
    toolsStatus: text(p['guest.toolsStatus']),
    ipAddresses: [...ips],
    disks,
    nics,
    snapshots: countSnapshots(arr(node(p.snapshot).rootSnapshotList as XmlNode[])),
    vmxPath: text(p['config.files.vmPathName']),
  };
}

export function toDatastore(moref: string, p: Record<string, unknown>): EsxiDatastore {
  return {
    moref,
    name: text(p.name) ?? moref,
    type: text(p['summary.type']),
    capacityBytes: num(p['summary.capacity']),
    freeBytes: num(p['summary.freeSpace']),
  };
}

export function toNetwork(moref: string, type: string, p: Record<string, unknown>): EsxiNetwork {
  return { moref, name: text(p.name) ?? moref, type };
}

const COMPARED: (keyof DiscoveredVm)[] = [
  'name',
  'guestOs',
  'firmware',
  'cpus',
  'memoryMb',
  'powerState',
  'toolsStatus',
  'ipAddresses',
  'disks',
  'nics',
  'snapshots',
];

/** What changed between the stored VMs (by moref) and the ones just discovered. */
export function diffVms(before: DiscoveredVm[], after: DiscoveredVm[]): EsxiDiscoveryChanges {
  const old = new Map(before.map((v) => [v.moref, v]));
  const seen = new Set<string>();
  const changes: EsxiDiscoveryChanges = { added: [], removed: [], changed: [] };
  for (const v of after) {
    seen.add(v.moref);
    const o = old.get(v.moref);
    if (!o) {
      changes.added.push(v.name);
      continue;
    }
    const fields = COMPARED.filter((k) => JSON.stringify(o[k]) !== JSON.stringify(v[k]));
    if (fields.length) changes.changed.push({ name: v.name, fields });
  }
  for (const o of before) if (!seen.has(o.moref)) changes.removed.push(o.name);
  return changes;
}
