/**
 * Just enough RFC 822 / MIME to take a reply out of a received mail: the headers, the sender, the
 * recipients, and the new text of the first text/plain part (quoted-printable or base64, UTF-8 or
 * Latin-1) without the quoted message below it. Pure; attachments are not read.
 */
export interface InboundMail {
  from: string | null;
  recipients: string[];
  subject: string;
  /** Auto-Submitted other than "no", or a bounce (empty Return-Path): never a person's reply. */
  automatic: boolean;
  text: string;
}

type Headers = Map<string, string[]>;

function splitMessage(raw: string): { headers: Headers; body: string } {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : '';
  const headers: Headers = new Map();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(i + 1).trim()]);
  }
  return { headers, body };
}

const first = (h: Headers, name: string) => h.get(name)?.[0] ?? '';

/** Addresses in an address-list header (display names and comments dropped). */
export function addresses(value: string): string[] {
  const out: string[] = [];
  const cleaned = value.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\([^)]*\)/g, '');
  for (const part of cleaned.split(',')) {
    const angle = /<([^>]+)>/.exec(part);
    const a = (angle ? angle[1] : part).trim();
    if (/^[^\s@]+@[^\s@]+$/.test(a)) out.push(a.toLowerCase());
  }
  return out;
}

function param(value: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2]) : null;
}

function decodeBody(body: string, encoding: string, charset: string): string {
  let bytes: Buffer;
  const enc = encoding.toLowerCase();
  if (enc === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (enc === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    const parts: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      const hex = soft.slice(i + 1, i + 3);
      if (soft[i] === '=' && /^[0-9a-f]{2}$/i.test(hex)) {
        parts.push(parseInt(hex, 16));
        i += 2;
      } else parts.push(...Buffer.from(soft[i], 'latin1'));
    }
    bytes = Buffer.from(parts);
  } else bytes = Buffer.from(body, 'latin1');
  return /^(iso-8859-1|latin1|us-ascii|windows-1252)$/i.test(charset)
    ? bytes.toString('latin1')
    : bytes.toString('utf8');
}

/** The first text/plain part of a (possibly multipart) entity, decoded; null when there is none. */
function plainText(headers: Headers, body: string, depth = 0): string | null {
  const type = first(headers, 'content-type') || 'text/plain';
  const mime = type.split(';')[0].trim().toLowerCase();
  if (mime.startsWith('multipart/') && depth < 5) {
    const boundary = param(type, 'boundary');
    if (!boundary) return null;
    const parts = body.split(
      new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    for (const part of parts.slice(1)) {
      if (part.startsWith('--')) break;
      const sub = splitMessage(part.replace(/^[ \t]*\r?\n/, ''));
      const text = plainText(sub.headers, sub.body, depth + 1);
      if (text !== null) return text;
    }
    return null;
  }
  if (mime !== 'text/plain') return null;
  if (/^attachment/i.test(first(headers, 'content-disposition'))) return null;
  return decodeBody(
    body,
    first(headers, 'content-transfer-encoding') || '7bit',
    param(type, 'charset') ?? 'utf-8',
  );
}

/**
 * What the sender wrote above the quoted original: stops at "On … wrote:", an "-----Original
 * Message-----" or Outlook "From:" block, or the first run of "> " lines; drops a signature after "-- ".
 */
export function newText(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const joined = `${line} ${lines[i + 1] ?? ''}`;
    if (/^-- ?$/.test(line)) break;
    if (/^\s*>/.test(line)) break;
    if (/^-{2,}\s*Original Message\s*-{2,}/i.test(line)) break;
    if (/^_{5,}\s*$/.test(line) || /^From:\s.+/.test(line)) break;
    if (/^On\s.+wrote:\s*$/.test(line)) break;
    if (/^On\s/.test(line) && /wrote:\s*$/.test(joined) && !/wrote:\s*$/.test(line)) break;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

export function parseInboundMail(raw: string): InboundMail {
  const { headers, body } = splitMessage(raw);
  const recipients = ['to', 'cc', 'delivered-to', 'x-original-to', 'envelope-to'].flatMap((h) =>
    (headers.get(h) ?? []).flatMap(addresses),
  );
  const auto = first(headers, 'auto-submitted').toLowerCase();
  const returnPath = headers.get('return-path');
  const automatic =
    (auto !== '' && auto !== 'no') ||
    (returnPath !== undefined && returnPath.some((v) => /^<\s*>$/.test(v)));
  return {
    from: addresses(first(headers, 'from'))[0] ?? null,
    recipients: [...new Set(recipients)],
    subject: first(headers, 'subject'),
    automatic,
    text: newText(plainText(headers, body) ?? ''),
  };
}
