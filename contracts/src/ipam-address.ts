// IPv4/IPv6 address arithmetic for IPAM, shared by the API (rules) and the SPA (validation as you
// type). Addresses are bigints; nothing here touches the network.

export type IpFamily = 4 | 6;

const V4_BITS = 32;
const V6_BITS = 128;
export const familyBits = (family: IpFamily): number => (family === 4 ? V4_BITS : V6_BITS);

function parseV4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseV6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length > 45) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    const items = s.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseV4(item);
        if (v4 === null) return null;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) {
        out.push(parseInt(item, 16));
      } else return null;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** An address in either family, or null when it is not one. */
export function parseIp(text: string): { family: IpFamily; value: bigint } | null {
  const t = text.trim();
  if (t.includes(':')) {
    const v = parseV6(t);
    return v === null ? null : { family: 6, value: v };
  }
  const v = parseV4(t);
  return v === null ? null : { family: 4, value: v };
}

export function formatIp(family: IpFamily, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number((value >> BigInt(112 - 16 * i)) & 0xffffn),
  );
  // RFC 5952: the longest run (≥ 2) of zero groups becomes "::", the first one on a tie.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export interface Cidr {
  family: IpFamily;
  prefixLength: number;
  /** First address of the network (host bits zero). */
  network: bigint;
  /** Last address (the IPv4 broadcast). */
  last: bigint;
  /** Canonical text: "10.0.0.0/24". */
  text: string;
}

export type CidrError = 'syntax' | 'prefix' | 'host-bits';

/**
 * Parses "10.0.0.0/24" or "2001:db8::/64". Host bits must be zero (an address with a prefix, such
 * as "10.0.0.5/24", is refused with `host-bits` so a typo does not silently widen a range).
 */
export function parseCidr(text: string): Cidr | CidrError {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m) return 'syntax';
  const ip = parseIp(m[1]);
  if (!ip) return 'syntax';
  const bits = familyBits(ip.family);
  const prefixLength = Number(m[2]);
  if (prefixLength > bits) return 'prefix';
  const hostBits = BigInt(bits - prefixLength);
  const hostMask = (1n << hostBits) - 1n;
  if ((ip.value & hostMask) !== 0n) return 'host-bits';
  return {
    family: ip.family,
    prefixLength,
    network: ip.value,
    last: ip.value | hostMask,
    text: `${formatIp(ip.family, ip.value)}/${prefixLength}`,
  };
}

export const CIDR_ERROR_MESSAGES: Readonly<Record<CidrError, string>> = {
  syntax: 'not a CIDR such as 10.0.0.0/24 or 2001:db8::/64',
  prefix: 'the prefix length is too long for the address family',
  'host-bits': 'host bits are set: use the network address (for example 10.0.0.0/24)',
};

/** The largest allocation window a range may have (offsets are stored as signed 64-bit). */
export const MAX_WINDOW = 1n << 62n;
/** An IPv6 range without an explicit window hands out its first 65,536 addresses after ::1. */
export const DEFAULT_V6_WINDOW = 1n << 16n;

/**
 * The default allocation window: IPv4 skips the network and broadcast addresses (a /31 and a /32
 * use every address, RFC 3021); IPv6 starts after the subnet-router anycast address (::0).
 */
export function defaultWindow(c: Cidr): { first: bigint; last: bigint } {
  if (c.family === 4) {
    if (c.prefixLength >= 31) return { first: c.network, last: c.last };
    return { first: c.network + 1n, last: c.last - 1n };
  }
  if (c.prefixLength === 128) return { first: c.network, last: c.network };
  const first = c.network + 1n;
  const span = c.last - first + 1n;
  return { first, last: first + (span < DEFAULT_V6_WINDOW ? span : DEFAULT_V6_WINDOW) - 1n };
}

export function cidrContains(c: Cidr, value: bigint): boolean {
  return value >= c.network && value <= c.last;
}

/** Fixed-width hex (32 digits) of an address: sorts like the number, for range-overlap queries. */
export function ipHex(value: bigint): string {
  return value.toString(16).padStart(32, '0');
}
