import type { PveProp } from './schema-loader';

/**
 * Check a response `data` value against the schema's `returns`. Lenient like real clients must be:
 * integers may arrive as numeric strings, booleans as 0/1. Returns a list of problems (empty = ok).
 */
export function checkReturns(
  schema: PveProp | undefined,
  data: unknown,
  at = 'data',
  out: string[] = [],
): string[] {
  if (!schema || out.length > 20) return out;
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  if (data === null || data === undefined) {
    if (type && type !== 'null' && !schema.optional)
      out.push(`${at}: expected ${type}, got ${data}`);
    return out;
  }
  switch (type) {
    case 'null':
      out.push(`${at}: expected null`);
      break;
    case 'string':
      if (typeof data !== 'string' && typeof data !== 'number')
        out.push(`${at}: expected string, got ${typeof data}`);
      else if (schema.enum && !schema.enum.includes(String(data)))
        out.push(`${at}: '${data}' not in enum ${schema.enum.join('|')}`);
      break;
    case 'integer':
    case 'number':
      if (typeof data === 'number') {
        if (type === 'integer' && !Number.isInteger(data))
          out.push(`${at}: expected integer, got ${data}`);
      } else if (!(typeof data === 'string' && /^-?\d+(\.\d+)?$/.test(data)))
        out.push(`${at}: expected ${type}, got ${typeof data}`);
      break;
    case 'boolean':
      if (!(data === 0 || data === 1 || typeof data === 'boolean' || data === '0' || data === '1'))
        out.push(`${at}: expected boolean 0/1, got ${JSON.stringify(data)}`);
      break;
    case 'array':
      if (!Array.isArray(data)) out.push(`${at}: expected array, got ${typeof data}`);
      else
        data
          .slice(0, 200)
          .forEach((item, i) => checkReturns(schema.items, item, `${at}[${i}]`, out));
      break;
    case 'object':
      if (typeof data !== 'object' || Array.isArray(data)) {
        out.push(`${at}: expected object, got ${Array.isArray(data) ? 'array' : typeof data}`);
        break;
      }
      for (const [k, p] of Object.entries(schema.properties ?? {})) {
        // `{id}`-style names describe dynamic keys: check every value against them
        if (/^\{.+\}$/.test(k)) {
          for (const [dk, dv] of Object.entries(data as Record<string, unknown>))
            checkReturns(p, dv, `${at}.${dk}`, out);
          continue;
        }
        const v = (data as Record<string, unknown>)[k];
        if (v === undefined) {
          if (!p.optional) out.push(`${at}.${k}: required property missing`);
          continue;
        }
        checkReturns(p, v, `${at}.${k}`, out);
      }
      break;
    default:
      break;
  }
  return out;
}
