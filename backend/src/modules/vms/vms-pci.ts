import type { PciMappingView } from '@multpanel/contracts';

// Cluster PCI mappings (GET /cluster/mapping/pci, PVE 9.1) as the create wizard shows them.

type Raw = Record<string, unknown>;

/**
 * One `map` entry is a property string such as `id=10de:20b5,iommugroup=40,node=pve1,path=0000:41:00.0`
 * (keys in any order; `path` may list several functions separated by `;`).
 */
export function parseMapEntry(
  entry: string,
): { node: string; path: string; deviceId: string | null } | null {
  const kv = new Map<string, string>();
  for (const part of entry.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) kv.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const node = kv.get('node');
  const path = kv.get('path');
  if (!node || !path) return null;
  return { node, path, deviceId: kv.get('id') ?? null };
}

export function pciMappingView(raw: Raw): PciMappingView | null {
  if (typeof raw.id !== 'string' || !raw.id) return null;
  const entries = Array.isArray(raw.map) ? raw.map : typeof raw.map === 'string' ? [raw.map] : [];
  const devices = entries
    .map((e) => parseMapEntry(String(e)))
    .filter((d): d is NonNullable<typeof d> => d !== null)
    .sort((a, b) => a.node.localeCompare(b.node) || a.path.localeCompare(b.path));
  return {
    id: raw.id,
    description: typeof raw.description === 'string' ? raw.description : '',
    devices,
    nodes: [...new Set(devices.map((d) => d.node))],
  };
}

export function pciMappingViews(raw: Raw[]): PciMappingView[] {
  return raw
    .map(pciMappingView)
    .filter((m): m is PciMappingView => m !== null)
    .sort((a, b) => a.id.localeCompare(b.id));
}
