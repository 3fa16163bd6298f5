import type { VmKind, VmMigrateTarget, VmMigrateTargets } from '@multpanel/contracts';
import { toNumber } from '../../common/proxmox';

// GET /nodes/{node}/{qemu|lxc}/{vmid}/migrate (PVE 9.1 "migrate_vm_precondition") as the migrate
// dialog shows it. QEMU answers with snake_case keys (allowed_nodes), LXC with kebab-case
// (allowed-nodes); the per-node reasons have been spelled both ways across releases.

type Raw = Record<string, unknown>;

const pick = (o: Raw | null | undefined, ...keys: string[]): unknown => {
  for (const k of keys) if (o && o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
};
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x)) : []);
const truthy = (v: unknown) => v === true || v === 1 || v === '1';

function reasonsOf(info: unknown): string[] {
  const o = (info && typeof info === 'object' ? info : {}) as Raw;
  const reasons: string[] = [];
  const storages = strings(pick(o, 'unavailable_storages', 'unavailable-storages'));
  if (storages.length) reasons.push(`storage not available there: ${storages.join(', ')}`);
  const resources = strings(pick(o, 'unavailable-resources', 'unavailable_resources'));
  if (resources.length) reasons.push(`mapped devices not available there: ${resources.join(', ')}`);
  const ha = pick(o, 'blocking-ha-resources', 'blocking_ha_resources');
  if (Array.isArray(ha) && ha.length) {
    const sids = ha.map((h) =>
      h && typeof h === 'object'
        ? `${String((h as Raw).sid)}${(h as Raw).cause ? ` (${String((h as Raw).cause)})` : ''}`
        : String(h),
    );
    reasons.push(`blocked by HA resources: ${sids.join(', ')}`);
  }
  return reasons;
}

export function migrateTargetsView(
  kind: VmKind,
  currentNode: string,
  pre: Raw | null,
  nodes: Array<{ node: string; status?: string }>,
): VmMigrateTargets {
  const allowed = new Set(strings(pick(pre, 'allowed_nodes', 'allowed-nodes')));
  const notAllowed = (pick(pre, 'not_allowed_nodes', 'not-allowed-nodes') ?? {}) as Raw;
  const status = new Map(nodes.map((n) => [n.node, n.status ?? 'unknown']));
  const names = new Set([...status.keys(), ...allowed, ...Object.keys(notAllowed)]);
  names.delete(currentNode);

  const targets: VmMigrateTarget[] = [...names].map((node) => {
    const reasons: string[] = [];
    const st = status.get(node);
    if (st !== undefined && st !== 'online') reasons.push(`node is ${st}`);
    if (node in notAllowed) {
      const r = reasonsOf(notAllowed[node]);
      reasons.push(...(r.length ? r : reasons.length ? [] : ['not allowed by Proxmox']));
    } else if (!allowed.has(node) && !reasons.length) {
      reasons.push('not allowed by Proxmox');
    }
    return { node, allowed: reasons.length === 0, reasons };
  });
  targets.sort((a, b) => Number(b.allowed) - Number(a.allowed) || a.node.localeCompare(b.node));

  const running = truthy(pick(pre, 'running'));
  const localDisks = (Array.isArray(pre?.local_disks) ? (pre.local_disks as Raw[]) : []).map(
    (d) => ({
      volid: String(d.volid ?? ''),
      sizeBytes: d.size === undefined ? null : (toNumber(d.size) ?? null),
      cdrom: truthy(d.cdrom),
    }),
  );
  const localResources = strings(pre?.local_resources);

  const onlineBlockers: string[] = [];
  if (kind === 'qemu' && running) {
    if (localResources.length)
      onlineBlockers.push(`local devices cannot move: ${localResources.join(', ')}`);
    const info = (pre?.['mapped-resource-info'] ?? {}) as Raw;
    const notLive = Object.entries(info)
      .filter(([, v]) => v && typeof v === 'object' && (v as Raw)['live-migration'] !== undefined)
      .filter(([, v]) => !truthy((v as Raw)['live-migration']))
      .map(([k]) => k);
    const mapped = strings(pre?.['mapped-resources']);
    // Without per-resource information, assume mapped devices are not live-migratable (PVE's default).
    const blocking = Object.keys(info).length ? notLive : mapped;
    if (blocking.length)
      onlineBlockers.push(`mapped devices cannot move live: ${blocking.join(', ')}`);
  }
  return { node: currentNode, running, targets, localDisks, localResources, onlineBlockers };
}
