import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * SHA-512 crypt (`$6$`, Drepper's specification, as glibc crypt(3) and PHP crypt()), the hash
 * OPNsense keeps for an API secret (`crypt(secret, '$6$')`, checked with password_verify).
 */
const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ORDER: Array<[number, number, number]> = [
  [0, 21, 42],
  [22, 43, 1],
  [44, 2, 23],
  [3, 24, 45],
  [25, 46, 4],
  [47, 5, 26],
  [6, 27, 48],
  [28, 49, 7],
  [50, 8, 29],
  [9, 30, 51],
  [31, 52, 10],
  [53, 11, 32],
  [12, 33, 54],
  [34, 55, 13],
  [56, 14, 35],
  [15, 36, 57],
  [37, 58, 16],
  [59, 17, 38],
  [18, 39, 60],
  [40, 61, 19],
  [62, 20, 41],
];

const sha512 = (...parts: Buffer[]) => {
  const h = createHash('sha512');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** `len` bytes of `block` repeated. */
function repeatTo(block: Buffer, len: number): Buffer {
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i += block.length)
    block.copy(out, i, 0, Math.min(block.length, len - i));
  return out;
}

function encode(b: Buffer): string {
  let out = '';
  const put = (w: number, n: number) => {
    for (let i = 0; i < n; i++, w >>= 6) out += ITOA64[w & 0x3f];
  };
  for (const [x, y, z] of ORDER) put((b[x]! << 16) | (b[y]! << 8) | b[z]!, 4);
  put(b[63]!, 2);
  return out;
}

/** Hash `password` with `salt` (at most 16 characters used) and `rounds` (default 5000). */
export function sha512Crypt(password: string, salt: string, rounds?: number): string {
  const p = Buffer.from(password, 'utf8');
  const s = Buffer.from(salt.slice(0, 16), 'utf8');
  const r = rounds === undefined ? 5000 : Math.min(999_999_999, Math.max(1000, rounds));
  const b = sha512(p, s, p);
  const a = createHash('sha512').update(p).update(s).update(repeatTo(b, p.length));
  for (let i = p.length; i > 0; i >>= 1) a.update(i & 1 ? b : p);
  let c = a.digest();
  const pBytes = repeatTo(sha512(...Array<Buffer>(p.length).fill(p)), p.length);
  const sBytes = repeatTo(sha512(...Array<Buffer>(16 + c[0]!).fill(s)), s.length);
  for (let i = 0; i < r; i++) {
    const h = createHash('sha512');
    h.update(i & 1 ? pBytes : c);
    if (i % 3) h.update(sBytes);
    if (i % 7) h.update(pBytes);
    h.update(i & 1 ? c : pBytes);
    c = h.digest();
  }
  const prefix = rounds === undefined ? '$6$' : `$6$rounds=${r}$`;
  return `${prefix}${s.toString('utf8')}$${encode(c)}`;
}

/** A fresh `$6$` hash with a random 16-character salt. */
export function hashSecret(secret: string): string {
  const salt = [...randomBytes(16)].map((x) => ITOA64[x & 0x3f]).join('');
  return sha512Crypt(secret, salt);
}

/** password_verify for `$6$[rounds=N$]salt$hash`. */
export function verifySha512Crypt(secret: string, hash: string): boolean {
  const m = /^\$6\$(?:rounds=(\d+)\$)?([^$]{0,16})\$([./0-9A-Za-z]{86})$/.exec(hash);
  if (!m) return false;
  const again = sha512Crypt(secret, m[2]!, m[1] === undefined ? undefined : Number(m[1]));
  const x = Buffer.from(again);
  const y = Buffer.from(hash);
  return x.length === y.length && timingSafeEqual(x, y);
}
