import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { lookupParam, parseBoolean, parsePropertyString } from '../schema/param-validator';
import { loadPveSchema, type PveProp } from '../schema/schema-loader';
import { macFor } from './random';
import type { ClusterState, Config, GuestType } from './types';

// Guest config values in the form Proxmox VE stores and returns them (qemu-server / pve-container parse
// property strings and print them again with PVE::JSONSchema::print_property_string).

const QEMU_DRIVE = /^(ide|sata|scsi|virtio)\d+$|^(efidisk|tpmstate)0$/;
const LXC_MOUNT = /^(rootfs|mp\d+)$/;

const propsCache = new Map<GuestType, Record<string, PveProp>>();

/** Parameter definitions of the create call, which declares every config key of the guest type. */
function guestProps(kind: GuestType): Record<string, PveProp> {
  let props = propsCache.get(kind);
  if (!props) {
    const ep = loadPveSchema().get('POST', `/nodes/{node}/${kind}`);
    props = ep?.def.parameters?.properties ?? {};
    propsCache.set(kind, props);
  }
  return props;
}

export function formatOf(kind: GuestType, key: string): Record<string, PveProp> | undefined {
  const f = lookupParam(guestProps(kind), key)?.format;
  return f && typeof f === 'object' ? f : undefined;
}

/** PVE::JSONSchema::parse_size */
export function pveParseSize(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGT])?$/.exec(s);
  if (!m) return undefined;
  const mult = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2] ?? ''] ?? 1;
  return Math.floor(Number(m[1]) * mult);
}

/** PVE::JSONSchema::format_size: the largest unit that divides the size exactly. */
export function pveFormatSize(bytes: number): string {
  const size = Math.floor(bytes);
  const units = ['K', 'M', 'G', 'T'];
  let value = size;
  let unit = '';
  for (const u of units) {
    if (value % 1024 !== 0) break;
    value /= 1024;
    unit = u;
  }
  return `${value}${unit}`;
}

/** Parse with booleans normalised to 0/1, as parse_property_string does. */
export function parseCanonical(value: string, format: Record<string, PveProp>) {
  const { values } = parsePropertyString(value, format);
  for (const [k, v] of Object.entries(values)) {
    if (format[k]?.type === 'boolean') {
      const b = parseBoolean(v);
      if (b !== undefined) values[k] = String(b);
    }
  }
  return values;
}

/**
 * PVE::JSONSchema::print_property_string: the default key first (bare, or `model=MAC` for key aliases),
 * then the required keys, then the rest, each group sorted; disk sizes through format_size.
 */
export function printPropertyString(
  values: Record<string, string | number | undefined>,
  format: Record<string, PveProp>,
  skip: string[] = [],
): string {
  const defaultKey = Object.entries(format).find(([, d]) => d.default_key)?.[0];
  const keyAliases: Record<string, string> = {};
  for (const d of Object.values(format))
    if (d.keyAlias && typeof d.alias === 'string') keyAliases[d.keyAlias] = d.alias;
  const done = new Set(skip);
  const out: string[] = [];
  const str = (key: string, v: string | number) => {
    const s = String(v);
    return format[key]?.format === 'disk-size' ? pveFormatSize(pveParseSize(s) ?? Number(s)) : s;
  };
  const add = (key: string, isDefault = false) => {
    if (done.has(key)) return;
    done.add(key);
    const v = values[key];
    if (v === undefined) return;
    const combine = keyAliases[key];
    if (combine && values[combine] !== undefined) {
      out.push(`${str(key, v)}=${str(combine, values[combine]!)}`);
      done.add(combine);
      return;
    }
    out.push(isDefault ? str(key, v) : `${key}=${str(key, v)}`);
  };
  if (defaultKey) add(defaultKey, true);
  const keys = Object.keys(values).sort();
  for (const k of keys) if (format[k] && !format[k].optional && !format[k].alias) add(k);
  for (const k of keys) add(k);
  return out.join(',');
}

/** PVE::GuestHelpers::get_unique_tags with the default tag style: lower case, sorted, no duplicates. */
export function uniqueTags(v: string): string {
  const tags = v
    .split(/[;,\s]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
  return [...new Set(tags)].sort().join(';');
}

function randomMac(): string {
  return macFor(Math.random);
}

/** `$5$salt$hash`, the shape of PVE::Tools::encrypt_pw (never shown: GET config answers `**********`). */
function encryptPassword(pw: string): string {
  if (/^\$(?:[156]|2[ay])(\$.+){2}/.test(pw)) return pw;
  const salt = randomBytes(12).toString('base64url').slice(0, 16);
  return `$5$${salt}$${createHash('sha256')
    .update(salt + pw)
    .digest('base64')
    .replace(/=+$/, '')}`;
}

export function isWindows(ostype: unknown): boolean {
  return /^(w2k|wxp|wvista|win)/.test(String(ostype ?? ''));
}

/** The QEMU machine version the simulated nodes run (see running-machine in status/current). */
export const MACHINE_VERSION = '9.2+pve1';

function canonicalDrive(c: ClusterState, value: string, format: Record<string, PveProp>): string {
  const v: Record<string, string | undefined> = parseCanonical(value, format);
  const file = v.file ?? '';
  if (file === 'none' || file === 'cdrom') delete v.size;
  else if (v.size === undefined && !/-cloudinit/.test(file)) {
    // an existing volume gets its size recorded, e.g. an ISO on ide2
    const vol = c.volumes.find((x) => x.volid === file);
    if (vol) v.size = String(vol.size);
  }
  return printPropertyString(v, format);
}

/**
 * Rewrite the config keys a create or update sets into PVE's stored form. Runs after disk allocation:
 * NICs get a MAC (`virtio=BC:24:11:…` / `hwaddr=`), drives and mount points are printed with sorted
 * options and a size, tags are unique and sorted, cloud-init passwords are stored hashed.
 */
export function canonicalizeConfig(c: ClusterState, kind: GuestType, set: Config): void {
  for (const [key, raw] of Object.entries(set)) {
    const value = String(raw);
    if (key === 'tags') {
      set.tags = uniqueTags(value);
      continue;
    }
    if (key === 'cipassword') {
      set.cipassword = encryptPassword(value);
      continue;
    }
    if (kind === 'lxc' && (key === 'nameserver' || key === 'searchdomain')) {
      set[key] = value
        .split(/[,;\s]+/)
        .filter(Boolean)
        .join(' ');
      continue;
    }
    if (kind === 'qemu' && key === 'vmgenid' && value === '1') {
      set.vmgenid = randomUUID();
      continue;
    }
    const format = formatOf(kind, key);
    if (!format) continue;
    if (/^net\d+$/.test(key)) {
      const v: Record<string, string> = parseCanonical(value, format);
      if (kind === 'qemu') v.macaddr ??= randomMac();
      else {
        v.type = 'veth';
        v.hwaddr ??= randomMac();
      }
      set[key] = printPropertyString(v, format);
    } else if (kind === 'qemu' && QEMU_DRIVE.test(key)) {
      set[key] = canonicalDrive(c, value, format);
    } else if (kind === 'lxc' && LXC_MOUNT.test(key)) {
      set[key] = printPropertyString(parseCanonical(value, format), format, ['type']);
    }
  }
}

/** What qemu-server adds when creating a VM: a boot order and, for Windows, a pinned machine version. */
export function qemuCreateDefaults(config: Config): void {
  if (!config.boot) {
    const order: string[] = [];
    const drives = Object.keys(config)
      .filter((k) => /^(ide|sata|scsi|virtio)\d+$/.test(k))
      .sort(bootDriveOrder);
    const cdrom = (k: string) => /media=cdrom/.test(String(config[k]));
    const disk = drives.find((k) => !cdrom(k));
    const cd = drives.find(cdrom);
    if (disk) order.push(disk);
    if (cd) order.push(cd);
    const net = Object.keys(config)
      .filter((k) => /^net\d+$/.test(k))
      .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))[0];
    if (net) order.push(net);
    if (order.length) config.boot = `order=${order.join(';')}`;
  }
  if (isWindows(config.ostype)) {
    const machine = String(config.machine ?? '');
    const [type, ...rest] = machine.split(',');
    if (!type || type === 'pc' || type === 'q35') {
      const pinned = `${type === 'q35' ? 'pc-q35' : 'pc-i440fx'}-${MACHINE_VERSION}`;
      config.machine = [pinned, ...rest].join(',');
    }
  }
}

/** qemu-server's valid_drive_names order (ide, scsi, virtio, sata), used to pick the boot disk. */
function bootDriveOrder(a: string, b: string): number {
  const rank = (k: string) => ['ide', 'scsi', 'virtio', 'sata'].indexOf(k.replace(/\d+$/, ''));
  return rank(a) - rank(b) || Number(a.replace(/^\D+/, '')) - Number(b.replace(/^\D+/, ''));
}
