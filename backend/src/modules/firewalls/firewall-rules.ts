import {
  cidrContains,
  FIREWALL_ITEM_SCHEMAS,
  parseCidr,
  parseIp,
  type FirewallDiffEntry,
  type FirewallKind,
  type FirewallOperation,
} from '@multpanel/contracts';

/** The field of each kind that points into the company's networks and must stay inside them. */
export const INTERNAL_FIELD: Partial<
  Record<FirewallKind, { field: string; mustBeAddress: boolean }>
> = {
  d_nat: { field: 'target', mustBeAddress: true },
  one_to_one: { field: 'source_net', mustBeAddress: false },
  source_nat: { field: 'source_net', mustBeAddress: false },
};

/** Whether `value` (an address or a CIDR) lies inside one of `cidrs`. */
export function insideNetworks(value: string, cidrs: string[]): boolean {
  const [addr, bits] = value.split('/');
  const ip = parseIp(addr ?? '');
  if (!ip) return false;
  const prefix = bits === undefined ? (ip.family === 4 ? 32 : 128) : Number(bits);
  return cidrs.some((text) => {
    const c = parseCidr(text);
    if (typeof c === 'string' || c.family !== ip.family || prefix < c.prefixLength) return false;
    return cidrContains(c, ip.value);
  });
}

export interface TargetIssue {
  path: string;
  message: string;
}

/**
 * Targets outside the company's IPAM networks: a port forward's target must be one of its
 * addresses; one-to-one and outbound NAT sources an address or network inside them ("any" and
 * aliases are the firewall's business for outbound NAT only).
 */
export function targetIssues(ops: FirewallOperation[], cidrs: string[]): TargetIssue[] {
  const out: TargetIssue[] = [];
  ops.forEach((op, i) => {
    if (op.op === 'delete') return;
    const rule = INTERNAL_FIELD[op.kind];
    if (!rule) return;
    const value = op.item[rule.field];
    if (value === undefined) return;
    const v = String(value);
    const path = `operations.${i}.item.${rule.field}`;
    const isNet = parseIp(v.split('/')[0] ?? '') !== null;
    if (!isNet) {
      if (rule.mustBeAddress || op.kind === 'one_to_one')
        out.push({ path, message: `${v} is not an address of the company's networks` });
      return;
    }
    if (rule.mustBeAddress && v.includes('/'))
      out.push({ path, message: 'a single address, not a network' });
    else if (!insideNetworks(v, cidrs))
      out.push({
        path,
        message: cidrs.length
          ? `${v} is outside the company's networks (${cidrs.join(', ')})`
          : `${v}: the company has no IP ranges yet`,
      });
  });
  return out;
}

/** d_nat's nested fields travel dotted in the platform (`destination.port`) and nested on the wire. */
export function toWire(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    const dot = k.indexOf('.');
    if (dot < 0) out[k] = v;
    else ((out[k.slice(0, dot)] ??= {}) as Record<string, unknown>)[k.slice(dot + 1)] = v;
  }
  return out;
}

/** The preview of a change set against the rows the firewall has now. */
export function buildDiff(
  ops: FirewallOperation[],
  current: Partial<Record<FirewallKind, Array<Record<string, unknown> & { uuid: string }>>>,
): FirewallDiffEntry[] | { missing: { index: number; uuid: string } } {
  const out: FirewallDiffEntry[] = [];
  for (const [index, op] of ops.entries()) {
    if (op.op === 'create') {
      out.push({ op: 'create', kind: op.kind, uuid: null, before: null, after: { ...op.item } });
      continue;
    }
    const row = current[op.kind]?.find((r) => r.uuid === op.uuid);
    if (!row) return { missing: { index, uuid: op.uuid } };
    const { uuid: _uuid, ...before } = row;
    out.push({
      op: op.op,
      kind: op.kind,
      uuid: op.uuid,
      before,
      after: op.op === 'delete' ? null : { ...before, ...op.item },
    });
  }
  return out;
}

/**
 * The operations that undo an applied change set, last operation first: a created item is deleted
 * (by the uuid recorded at apply), an updated one gets its changed fields back, a deleted one is
 * created again from what it was (its fields the platform manages; empty ones take OPNsense's
 * defaults). `unrecorded` names the first create whose new uuid was not recorded.
 */
export function inverseOperations(
  diff: FirewallDiffEntry[],
): FirewallOperation[] | { unrecorded: number } {
  const out: FirewallOperation[] = [];
  for (let i = diff.length - 1; i >= 0; i--) {
    const d = diff[i]!;
    const fields = Object.keys(FIREWALL_ITEM_SCHEMAS[d.kind].shape);
    if (d.op === 'create') {
      if (!d.uuid) return { unrecorded: i };
      out.push({ op: 'delete', kind: d.kind, uuid: d.uuid });
    } else if (d.op === 'update') {
      const before = d.before ?? {};
      const after = d.after ?? {};
      const item: Record<string, unknown> = {};
      for (const f of fields)
        if (f in before && String(before[f]) !== String(after[f])) item[f] = before[f];
      if (Object.keys(item).length) out.push({ op: 'update', kind: d.kind, uuid: d.uuid!, item });
    } else {
      const item: Record<string, unknown> = {};
      for (const f of fields) {
        const v = d.before?.[f];
        if (v !== undefined && v !== null && v !== '') item[f] = v;
      }
      out.push({ op: 'create', kind: d.kind, item });
    }
  }
  return out;
}
