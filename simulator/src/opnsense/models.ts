import { isIP } from 'node:net';

/**
 * OPNsense MVC model semantics the simulator copies (Base/ApiMutableModelControllerBase): items by
 * uuid, defaults on add, per-field validation answered as `{"<key>.<field>": "message"}`, option
 * fields rendered as `{opt: {value, selected}}` maps in get_*, flat rows in search_*.
 */
export type Item = Record<string, string>;

export interface FieldDef {
  default?: string;
  required?: boolean;
  /** option list (an OptionField); with `multiple`, a comma list of options */
  options?: string[];
  multiple?: boolean;
  /** extra check; returns the validation message */
  check?: (value: string) => string | undefined;
}

export interface ModelDef {
  /** the JSON container key: `{"rule": {...}}` */
  key: string;
  fields: Record<string, FieldDef>;
  /** cross-item constraint (unique names, tags per parent) */
  unique?: (item: Item, others: Item[]) => { field: string; message: string } | undefined;
}

const PORT_RE = /^(\d{1,5})(?:[:-](\d{1,5}))?$/;
export function checkPort(v: string): string | undefined {
  if (v === '' || v === 'any') return undefined;
  if (/^[a-zA-Z_][a-zA-Z0-9_]{0,31}$/.test(v)) return undefined; // port alias or service name
  const m = PORT_RE.exec(v);
  const ok = m && [m[1], m[2]].every((p) => p === undefined || (+p >= 1 && +p <= 65535));
  return ok ? undefined : 'Please specify a valid port number or range (1-65535).';
}

/** any, an address, a network, an alias name or an interface network (`lan`, `opt1ip`) */
export function checkNet(v: string): string | undefined {
  if (v === '' || v === 'any') return undefined;
  const [addr, bits, ...rest] = v.split('/');
  if (rest.length === 0 && isIP(addr ?? '')) {
    const max = isIP(addr!) === 4 ? 32 : 128;
    if (bits === undefined || (/^\d+$/.test(bits) && +bits <= max)) return undefined;
  }
  if (bits === undefined && /^[a-zA-Z_][a-zA-Z0-9_]{0,31}$/.test(v)) return undefined;
  return `${v} is not a valid source IP address or alias.`;
}

export function checkAddress(v: string): string | undefined {
  return isIP(v) ? undefined : 'Please specify a valid IP address.';
}

export class Collection {
  readonly items = new Map<string, Item>();
  constructor(readonly def: ModelDef) {}

  blank(): Item {
    const out: Item = {};
    for (const [name, f] of Object.entries(this.def.fields)) out[name] = f.default ?? '';
    return out;
  }

  /**
   * Merge `input` over `base` and validate; returns the item or the validation messages. `check`
   * adds the model's own cross-field rules (performValidation), by field.
   */
  validate(
    input: Record<string, unknown>,
    base: Item,
    selfUuid?: string,
    check?: (item: Item) => Record<string, string>,
  ): { item: Item } | { validations: Record<string, string> } {
    const item = { ...base };
    for (const [k, v] of Object.entries(input)) {
      if (!(k in this.def.fields)) continue; // unknown fields are ignored, as setNodes does
      item[k] = Array.isArray(v) ? v.map(String).join(',') : v == null ? '' : String(v);
    }
    const validations: Record<string, string> = {};
    const bad = (field: string, message: string) =>
      (validations[`${this.def.key}.${field}`] ??= message);
    for (const [name, f] of Object.entries(this.def.fields)) {
      const v = item[name] ?? '';
      if (f.required && v === '') {
        bad(name, 'A value is required.');
        continue;
      }
      if (v !== '' && f.options) {
        const values = f.multiple ? v.split(',') : [v];
        if (values.some((x) => !f.options!.includes(x))) bad(name, 'Option not in list.');
      }
      if (v !== '' && f.check) {
        const msg = f.check(v);
        if (msg) bad(name, msg);
      }
    }
    const others = [...this.items.entries()].filter(([u]) => u !== selfUuid).map(([, i]) => i);
    const clash = this.def.unique?.(item, others);
    if (clash) bad(clash.field, clash.message);
    for (const [field, message] of Object.entries(check?.(item) ?? {})) bad(field, message);
    return Object.keys(validations).length ? { validations } : { item };
  }

  /** get_* rendering: option fields become `{opt: {value, selected}}` maps. */
  render(item: Item): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, f] of Object.entries(this.def.fields)) {
      const v = item[name] ?? '';
      if (!f.options) {
        out[name] = v;
        continue;
      }
      const chosen = new Set(f.multiple ? v.split(',') : [v]);
      const map: Record<string, { value: string; selected: number }> = {};
      if (!f.required && !f.multiple) map[''] = { value: 'None', selected: v === '' ? 1 : 0 };
      for (const o of f.options) map[o] = { value: o, selected: chosen.has(o) ? 1 : 0 };
      out[name] = map;
    }
    return out;
  }

  /** search_*: `{total,rowCount,current,rows}` with phrase, sort and paging. */
  search(q: Record<string, unknown>): Record<string, unknown> {
    const rowCount = Number(q.rowCount ?? 9999) || 9999;
    const current = Math.max(1, Number(q.current ?? 1) || 1);
    const phrase = String(q.searchPhrase ?? '').toLowerCase();
    let rows: Item[] = [...this.items.entries()].map(([uuid, i]) => ({ uuid, ...i }));
    if (phrase)
      rows = rows.filter((r) => Object.values(r).some((v) => v.toLowerCase().includes(phrase)));
    const sort = q.sort && typeof q.sort === 'object' ? Object.entries(q.sort)[0] : undefined;
    if (sort) {
      const [field, dir] = sort as [string, string];
      rows.sort((a, b) => String(a[field] ?? '').localeCompare(String(b[field] ?? '')));
      if (dir === 'desc') rows.reverse();
    }
    const pageRows = rowCount < 0 ? rows : rows.slice((current - 1) * rowCount, current * rowCount);
    return { total: rows.length, rowCount: pageRows.length, current, rows: pageRows };
  }

  snapshot(): Array<[string, Item]> {
    return [...this.items.entries()].map(([u, i]) => [u, { ...i }]);
  }

  restore(snap: Array<[string, Item]>): void {
    this.items.clear();
    for (const [u, i] of snap) this.items.set(u, { ...i });
  }
}

const bool = { default: '0', options: ['0', '1'] };
const on = { default: '1', options: ['0', '1'] };
const desc = { default: '' };
const PROTOCOLS = ['any', 'TCP', 'UDP', 'TCP/UDP', 'ICMP', 'ESP', 'AH', 'GRE', 'IPV6', 'IGMP'];
const IPPROTO = { default: 'inet', options: ['inet', 'inet6', 'inet46'] };
const net = { default: 'any', check: checkNet };
const port = { default: '', check: checkPort };

export const ALIAS: ModelDef = {
  key: 'alias',
  fields: {
    enabled: on,
    name: {
      required: true,
      check: (v) =>
        /^[a-zA-Z_][a-zA-Z0-9_]{0,31}$/.test(v)
          ? undefined
          : 'The name must be less than 32 characters long and may only consist of the following characters: a-z, A-Z, 0-9, _',
    },
    type: {
      required: true,
      options: [
        'host',
        'network',
        'port',
        'url',
        'urltable',
        'urljson',
        'geoip',
        'networkgroup',
        'mac',
        'asn',
        'dynipv6host',
        'authgroup',
        'internal',
        'external',
      ],
    },
    proto: { default: '' },
    categories: { default: '' },
    updatefreq: { default: '' },
    content: { default: '' },
    interface: { default: '' },
    counters: bool,
    description: desc,
  },
  unique: (item, others) =>
    others.some((o) => o.name === item.name)
      ? { field: 'name', message: 'An alias with this name already exists.' }
      : undefined,
};

export const FILTER_RULE: ModelDef = {
  key: 'rule',
  fields: {
    enabled: on,
    sequence: { default: '1' },
    action: { default: 'pass', options: ['pass', 'block', 'reject'], required: true },
    quick: on,
    interface: { default: '' },
    direction: { default: 'in', options: ['in', 'out'], required: true },
    ipprotocol: { ...IPPROTO, required: true },
    protocol: { default: 'any', options: PROTOCOLS, required: true },
    source_net: net,
    source_not: bool,
    source_port: port,
    destination_net: net,
    destination_not: bool,
    destination_port: port,
    gateway: { default: '' },
    log: bool,
    categories: { default: '' },
    description: desc,
  },
};

export const SOURCE_NAT_RULE: ModelDef = {
  key: 'rule',
  fields: {
    enabled: on,
    nonat: bool,
    sequence: { default: '1' },
    interface: { default: 'wan', required: true },
    ipprotocol: { ...IPPROTO, options: ['inet', 'inet6'] },
    protocol: { default: 'any', options: PROTOCOLS },
    source_net: net,
    source_not: bool,
    source_port: port,
    destination_net: net,
    destination_not: bool,
    destination_port: port,
    target: { default: '' },
    target_port: port,
    log: bool,
    categories: { default: '' },
    description: desc,
  },
};

export const ONE_TO_ONE_RULE: ModelDef = {
  key: 'rule',
  fields: {
    enabled: on,
    log: bool,
    sequence: { default: '1' },
    interface: { default: 'wan', required: true },
    type: { default: 'binat', options: ['binat', 'nat'], required: true },
    source_net: { required: true, check: checkNet },
    source_not: bool,
    destination_net: net,
    destination_not: bool,
    external: { required: true, check: checkNet },
    natreflection: { default: '', options: ['enable', 'disable'] },
    categories: { default: '' },
    description: desc,
  },
};

/** DNat.xml (26.1): nested source/destination containers, flattened with dots on the wire. */
export const D_NAT_RULE: ModelDef = {
  key: 'rule',
  fields: {
    disabled: bool,
    nordr: bool,
    sequence: { default: '1' },
    interface: { default: 'wan', required: true },
    ipprotocol: { ...IPPROTO, options: ['inet', 'inet6'] },
    protocol: { default: 'tcp', options: ['any', 'tcp', 'udp', 'tcp/udp', 'icmp', 'esp', 'gre'] },
    'source.network': net,
    'source.port': port,
    'source.not': bool,
    'destination.network': net,
    'destination.port': port,
    'destination.not': bool,
    target: { required: true, check: checkNet },
    'local-port': port,
    log: bool,
    categories: { default: '' },
    descr: desc,
    natreflection: { default: '', options: ['purenat', 'disable'] },
    pass: { default: '', options: ['pass', 'rule'] },
  },
};

export const VLAN: ModelDef = {
  key: 'vlan',
  fields: {
    if: { required: true },
    tag: {
      required: true,
      check: (v) =>
        /^\d+$/.test(v) && +v >= 1 && +v <= 4094
          ? undefined
          : 'Value should be between 1 and 4094.',
    },
    pcp: { default: '0', options: ['0', '1', '2', '3', '4', '5', '6', '7'] },
    proto: { default: '', options: ['802.1q', '802.1ad'] },
    descr: desc,
    vlanif: { default: '' },
  },
  unique: (item, others) =>
    others.some((o) => o.if === item.if && o.tag === item.tag)
      ? { field: 'tag', message: 'Tag already in use on this interface.' }
      : undefined,
};

export const KEA_SUBNET: ModelDef = {
  key: 'subnet4',
  fields: {
    subnet: {
      required: true,
      check: (v) => {
        const [a, b] = v.split('/');
        return isIP(a ?? '') === 4 && b !== undefined && /^\d+$/.test(b) && +b <= 32
          ? undefined
          : 'Entry is not a valid network.';
      },
    },
    pools: { default: '' },
    option_data_autocollect: on,
    description: desc,
  },
  unique: (item, others) =>
    others.some((o) => o.subnet === item.subnet)
      ? { field: 'subnet', message: 'Subnet already exists.' }
      : undefined,
};

export const KEA_RESERVATION: ModelDef = {
  key: 'reservation',
  fields: {
    subnet: { required: true },
    ip_address: { required: true, check: checkAddress },
    // one of the two (KeaDhcpv4::performValidation, in api.ts)
    client_id: { default: '' },
    hw_address: {
      default: '',
      check: (v) =>
        /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(v) ? undefined : 'Invalid MAC address.',
    },
    hostname: { default: '' },
    description: desc,
  },
};
