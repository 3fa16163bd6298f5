import { loadPveSchema } from './schema-loader';
import { validateParams, type RawValue } from './param-validator';

/**
 * Validate a client request against the PVE schema. `path` may be concrete or carry the
 * `/api2/json` prefix. Returns human-readable problems; empty means valid.
 */
export function checkPveRequest(
  method: string,
  path: string,
  params: Record<string, unknown> = {},
): string[] {
  const schema = loadPveSchema();
  const clean = path.replace(/^\/api2\/json/, '').split('?')[0];
  const m = schema.match(method.toUpperCase(), clean);
  if (!m || !('endpoint' in m)) return [`unknown endpoint: ${method.toUpperCase()} ${clean}`];
  const raw: Record<string, RawValue> = { ...m.pathParams };
  const problems: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    if (m.pathParams[k] !== undefined && String(m.pathParams[k]) !== String(v))
      problems.push(`${k}: conflicts with path value`);
    raw[k] = v as RawValue;
  }
  const { errors } = validateParams(m.endpoint.def, raw);
  for (const [k, e] of Object.entries(errors)) problems.push(`${k}: ${e}`);
  return problems;
}
