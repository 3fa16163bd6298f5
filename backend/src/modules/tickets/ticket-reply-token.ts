import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token in a ticket mail's Reply-To (`support+<token>@example.com`): the ticket's id and a MAC
 * over the ticket and the recipient's address, so a reply counts only from the address it was sent
 * to; a token copied to another sender, altered or for another ticket is refused. Base32 in lower
 * case (mail systems may fold the local part's case), 42 characters: the local part stays within
 * RFC 5321's 64 for a base of up to 21 characters.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const MAC_BYTES = 10;

function base32(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(s: string): Buffer | null {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of s.toLowerCase()) {
    const i = ALPHABET.indexOf(c);
    if (i < 0) return null;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

const uuidBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
const uuidOf = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

function mac(key: string, ticketId: string, email: string): Buffer {
  return createHmac('sha256', key)
    .update(`ticket-reply\0${ticketId}\0${email.trim().toLowerCase()}`)
    .digest()
    .subarray(0, MAC_BYTES);
}

export function replyToken(key: string, ticketId: string, email: string): string {
  return base32(Buffer.concat([uuidBytes(ticketId), mac(key, ticketId, email)]));
}

/** The token's bytes when it is spelt as replyToken spells one (length, canonical base32). */
function decodeToken(token: string): Buffer | null {
  const raw = unbase32(token);
  // The last character carries 2 unused bits: only the canonical spelling counts, so that no
  // altered token decodes to the same bytes.
  if (!raw || raw.length !== 16 + MAC_BYTES || base32(raw) !== token.toLowerCase()) return null;
  return raw;
}

/** Could be a token replyToken made (shape only, no MAC check: that needs the sender). */
export function isWellFormedReplyToken(token: string): boolean {
  return decodeToken(token) !== null;
}

/** The ticket a token was issued for, if it was issued to `email`; otherwise null. */
export function verifyReplyToken(key: string, token: string, email: string): string | null {
  const raw = decodeToken(token);
  if (!raw) return null;
  const ticketId = uuidOf(raw.subarray(0, 16));
  return timingSafeEqual(raw.subarray(16), mac(key, ticketId, email)) ? ticketId : null;
}

/** `support@example.com` + token → `support+<token>@example.com`. */
export function replyAddress(base: string, token: string): string {
  const at = base.lastIndexOf('@');
  return `${base.slice(0, at)}+${token}${base.slice(at)}`;
}

/** The +token of an address whose base is `base` (case-insensitive), else null. */
export function tokenOf(base: string, address: string): string | null {
  const [local, domain] = [base.slice(0, base.lastIndexOf('@')), base.slice(base.lastIndexOf('@'))];
  const a = address.trim().toLowerCase();
  if (!a.endsWith(domain.toLowerCase())) return null;
  const m = /^(.*)\+([a-z2-7]+)$/.exec(a.slice(0, a.length - domain.length));
  return m && m[1] === local.toLowerCase() ? m[2] : null;
}
