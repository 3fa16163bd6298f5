export type Encoding = 'br' | 'gzip';

/**
 * The best of `available` that an Accept-Encoding header allows (RFC 9110 §12.5.3): the highest
 * q-value wins, brotli before gzip on a tie; `*` covers codings not named; q=0 refuses. Null when
 * none is acceptable (or there is no header): the file is sent as it is.
 */
export function pickEncoding(
  header: string | string[] | undefined,
  available: readonly Encoding[],
): Encoding | null {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (!text) return null;
  const q = new Map<string, number>();
  for (const part of text.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const weight = (enc: Encoding) => q.get(enc) ?? q.get('*') ?? 0;
  let best: Encoding | null = null;
  for (const enc of (['br', 'gzip'] as const).filter((e) => available.includes(e))) {
    if (weight(enc) > 0 && (best === null || weight(enc) > weight(best))) best = enc;
  }
  return best;
}
