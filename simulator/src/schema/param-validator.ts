import type { PveMethodDef, PveProp } from './schema-loader';

export type RawValue = string | number | boolean | Array<string | number | boolean>;
export type ParamValue = string | number | Array<string | number>;

export interface ValidationResult {
  values: Record<string, ParamValue>;
  errors: Record<string, string>;
}

const INDEX_LIMITS: Record<string, number> = {
  net: 31,
  hostpci: 15,
  usb: 14,
  serial: 3,
  parallel: 2,
};
const regexCache = new Map<string, RegExp | null>();

/** Translate a Perl regex (as dumped by PVE, e.g. `(?^:...)`) into an anchored JS RegExp; null if untranslatable. */
export function perlRegex(pattern: string): RegExp | null {
  if (regexCache.has(pattern)) return regexCache.get(pattern) ?? null;
  let flags = '';
  let src = pattern.replace(/\(\?\^([a-z]*):/g, (_m, f: string) => {
    if (f.includes('i')) flags = 'i';
    return '(?:';
  });
  src = src
    .replace(/\\A/g, '^')
    .replace(/\\z|\\Z/g, '$')
    .replace(/\[:(\w+):\]/g, (_m, cls: string) => {
      const map: Record<string, string> = {
        alpha: 'A-Za-z',
        digit: '0-9',
        alnum: 'A-Za-z0-9',
        space: '\\s',
        xdigit: '0-9A-Fa-f',
      };
      return map[cls] ?? 'A-Za-z0-9';
    });
  let re: RegExp | null;
  try {
    re = new RegExp(`^(?:${src})$`, flags);
  } catch {
    re = null; // be lenient where a Perl construct has no JS equivalent
  }
  regexCache.set(pattern, re);
  return re;
}

export function parseBoolean(v: unknown): 0 | 1 | undefined {
  if (v === true || v === 1) return 1;
  if (v === false || v === 0) return 0;
  if (typeof v !== 'string') return undefined;
  if (/^(1|true|yes|on)$/i.test(v)) return 1;
  if (/^(0|false|no|off)$/i.test(v)) return 0;
  return undefined;
}

const VMID_MIN = 100;
const VMID_MAX = 999999999;

function checkNamedFormat(format: string, value: string): string | undefined {
  const list = format.endsWith('-list');
  const base = list ? format.slice(0, -5) : format;
  const items = list ? value.split(/[,;\s\0]+/).filter(Boolean) : [value];
  for (const item of items) {
    const err = checkSingleFormat(base, item);
    if (err) return err;
  }
  return undefined;
}

function checkSingleFormat(format: string, v: string): string | undefined {
  switch (format) {
    case 'pve-vmid': {
      if (!/^\d+$/.test(v) || +v < VMID_MIN || +v > VMID_MAX)
        return `value does not look like a valid VM ID`;
      return undefined;
    }
    case 'pve-node':
      return /^(?:[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)$/.test(v)
        ? undefined
        : `value does not look like a valid node name`;
    case 'pve-storage-id':
    case 'pve-poolid':
    case 'pve-sdn-zone-id':
    case 'pve-sdn-vnet-id':
      return /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(v)
        ? undefined
        : `invalid format - invalid ID '${v}'`;
    case 'pve-configid':
      return /^[a-z][a-z0-9_-]+$/i.test(v) ? undefined : `invalid configuration ID '${v}'`;
    case 'pve-userid':
      return /^[^\s:/@]+@[A-Za-z][A-Za-z0-9.\-_]+$/.test(v)
        ? undefined
        : `invalid format - value '${v}' does not look like a valid user name`;
    case 'pve-tokenid':
      return /^(?:[^\s:/@]+@[A-Za-z][A-Za-z0-9.\-_]+!)?[A-Za-z][A-Za-z0-9.\-_]+$/.test(v)
        ? undefined
        : `invalid format - invalid token ID`;
    case 'mac-addr':
      return /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(v)
        ? undefined
        : `value does not look like a valid MAC address`;
    case 'ipv4':
      return /^(\d{1,3})(\.\d{1,3}){3}$/.test(v)
        ? undefined
        : `value does not look like a valid IPv4 address`;
    case 'prune-backups':
      return checkPropertyString(v, PRUNE_FORMAT).error;
    default:
      return undefined; // unknown named formats are accepted (lenient)
  }
}

export const PRUNE_FORMAT: Record<string, PveProp> = Object.fromEntries([
  ['keep-all', { type: 'boolean', optional: 1 }],
  ...['keep-last', 'keep-hourly', 'keep-daily', 'keep-weekly', 'keep-monthly', 'keep-yearly'].map(
    (k) => [k, { type: 'integer', minimum: 1, optional: 1 }],
  ),
]);

/** Parse `key=value,...` per a property-string format; bare values go to the `default_key`. */
export function parsePropertyString(
  value: string,
  format: Record<string, PveProp>,
): { values: Record<string, string>; error?: string } {
  const values: Record<string, string> = {};
  const defaultKey = Object.entries(format).find(([, d]) => d.default_key)?.[0];
  if (value === '') return { values };
  for (const part of value.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let key: string;
    let val: string;
    if (eq < 0) {
      if (!defaultKey)
        return { values, error: `value without key, but schema does not define a default key` };
      if (values[defaultKey] !== undefined)
        return { values, error: `duplicate key in comma-separated list property: ${defaultKey}` };
      key = defaultKey;
      val = part;
    } else {
      key = part.slice(0, eq);
      val = part.slice(eq + 1);
    }
    const def = format[key];
    if (!def) return { values, error: `invalid format - unknown key '${key}'` };
    if (def.alias) {
      key = def.alias;
    }
    if (def.keyAlias) {
      // e.g. `virtio=AA:BB:...` → model=virtio, macaddr=AA:BB:...
      values[def.keyAlias] = part.slice(0, eq);
    }
    if (values[key] !== undefined && !def.keyAlias)
      return { values, error: `duplicate key in comma-separated list property: ${key}` };
    values[key] = val;
  }
  return { values };
}

export function checkPropertyString(
  value: string,
  format: Record<string, PveProp>,
): { values: Record<string, string>; error?: string } {
  const parsed = parsePropertyString(value, format);
  if (parsed.error) return parsed;
  for (const [k, v] of Object.entries(parsed.values)) {
    const def = format[k];
    if (!def || def.alias) continue;
    const err = checkValue(def, v).error;
    if (err) return { values: parsed.values, error: `invalid format - ${k}: ${err}` };
  }
  for (const [k, def] of Object.entries(format)) {
    if (
      !def.optional &&
      !def.alias &&
      !def.keyAlias &&
      parsed.values[k] === undefined &&
      def.default === undefined
    ) {
      return { values: parsed.values, error: `invalid format - property '${k}' is missing` };
    }
  }
  return parsed;
}

/** Check one scalar value against its definition; returns the coerced value. */
export function checkValue(def: PveProp, raw: RawValue): { value?: ParamValue; error?: string } {
  const type = def.type ?? 'string';
  if (type === 'array') {
    const arr = Array.isArray(raw) ? raw : [raw];
    const out: Array<string | number> = [];
    for (const item of arr) {
      const r = checkValue(def.items ?? { type: 'string' }, item as RawValue);
      if (r.error) return r;
      out.push(r.value as string | number);
    }
    return { value: out };
  }
  if (Array.isArray(raw)) {
    if (raw.length !== 1) return { error: `type check ('${type}') failed - got ARRAY` };
    raw = raw[0];
  }
  const s = String(raw);
  if (type === 'boolean') {
    const b = parseBoolean(raw);
    if (b === undefined) return { error: `type check ('boolean') failed - got '${s}'` };
    return { value: b };
  }
  if (type === 'integer' || type === 'number') {
    const re = type === 'integer' ? /^-?\d+$/ : /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
    if (!re.test(s.trim())) return { error: `type check ('${type}') failed - got '${s}'` };
    const n = Number(s);
    if (def.minimum !== undefined && n < def.minimum)
      return { error: `value must have a minimum value of ${def.minimum}` };
    if (def.maximum !== undefined && n > def.maximum)
      return { error: `value must have a maximum value of ${def.maximum}` };
    if (def.enum && !def.enum.map(String).includes(s))
      return {
        error: `value '${s}' does not have a value in the enumeration '${def.enum.join(', ')}'`,
      };
    return { value: n };
  }
  if (type === 'object') return { value: s };
  if (def.enum && !def.enum.includes(s))
    return {
      error: `value '${s}' does not have a value in the enumeration '${def.enum.join(', ')}'`,
    };
  if (def.maxLength !== undefined && s.length > def.maxLength)
    return { error: `value may only be ${def.maxLength} characters long` };
  if (def.pattern) {
    const re = perlRegex(def.pattern);
    if (re && !re.test(s)) return { error: `value does not match the regex pattern` };
  }
  if (typeof def.format === 'string') {
    const err = checkNamedFormat(def.format, s);
    if (err) return { error: err };
  } else if (def.format && typeof def.format === 'object') {
    const r = checkPropertyString(s, def.format);
    if (r.error) return { error: r.error };
  }
  return { value: s };
}

/** Find the schema definition for a concrete parameter name (handles `net[n]` → net0..). */
export function lookupParam(props: Record<string, PveProp>, name: string): PveProp | undefined {
  if (props[name]) return props[name];
  const m = /^([a-z_-]+?)(\d+)$/i.exec(name);
  if (!m) return undefined;
  const tpl = props[`${m[1]}[n]`];
  if (!tpl) return undefined;
  const idx = Number(m[2]);
  const desc = /n is 0 to (\d+)/.exec(String(tpl.description ?? ''));
  const max = desc ? Number(desc[1]) : (INDEX_LIMITS[m[1]] ?? 255);
  if (idx > max || String(idx) !== m[2]) return undefined;
  return tpl;
}

export function validateParams(def: PveMethodDef, raw: Record<string, RawValue>): ValidationResult {
  const props = def.parameters?.properties ?? {};
  const additional = !!def.parameters?.additionalProperties;
  const values: Record<string, ParamValue> = {};
  const errors: Record<string, string> = {};
  for (const [name, v] of Object.entries(raw)) {
    const pdef = lookupParam(props, name);
    if (!pdef) {
      if (additional)
        values[name] = Array.isArray(v) ? v.map(String) : typeof v === 'boolean' ? (v ? 1 : 0) : v;
      else
        errors[name] =
          'property is not defined in schema and the schema does not allow additional properties';
      continue;
    }
    // an empty string for an optional non-string value means "unset" in PVE forms
    const r = checkValue(pdef, v);
    if (r.error) errors[name] = r.error;
    else values[name] = r.value as ParamValue;
  }
  for (const [name, pdef] of Object.entries(props)) {
    if (name.endsWith('[n]') || pdef.optional) continue;
    if (raw[name] === undefined) errors[name] = 'property is missing and it is not optional';
  }
  return { values, errors };
}
