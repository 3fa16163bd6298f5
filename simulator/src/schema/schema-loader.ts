import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** A parameter / return definition in PVE's JSON-schema dialect (loosely typed on purpose). */
export interface PveProp {
  type?: string;
  optional?: number | boolean;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  format?: string | Record<string, PveProp>;
  default?: unknown;
  default_key?: number;
  alias?: string;
  keyAlias?: string;
  items?: PveProp;
  properties?: Record<string, PveProp>;
  additionalProperties?: number | boolean | PveProp;
  description?: string;
  'instance-types'?: string[];
  [k: string]: unknown;
}

export interface PveMethodDef {
  method: string;
  name?: string;
  parameters?: { properties?: Record<string, PveProp>; additionalProperties?: number | boolean };
  returns?: PveProp;
  permissions?: { check?: unknown[]; user?: string; description?: string };
  allowtoken?: number;
  protected?: number;
  proxyto?: string;
}

export interface PveEndpoint {
  method: string;
  path: string;
  def: PveMethodDef;
  regex: RegExp;
  paramNames: string[];
}

export interface PveSchema {
  /** the file it was read from */
  file: string;
  endpoints: PveEndpoint[];
  get(method: string, template: string): PveEndpoint | undefined;
  /** Resolve a concrete path (no /api2/json prefix) to its template and path params. */
  match(
    method: string,
    concretePath: string,
  ):
    | { endpoint: PveEndpoint; pathParams: Record<string, string> }
    | { pathExists: boolean }
    | undefined;
}

interface TreeNode {
  path: string;
  info?: Record<string, PveMethodDef>;
  children?: TreeNode[];
}

/**
 * The PVE 9.1 schema shipped inside this package (see schema/README.md). The same relative path
 * works from src/schema (tests, tsx) and dist/schema (the built CLI).
 */
export const SCHEMA_FILE = path.resolve(__dirname, '../../schema/apidata.json.gz');

export function schemaAvailable(): boolean {
  return existsSync(SCHEMA_FILE);
}

/** The schema tree exactly as upstream has it (`apidata.json`). */
export function readSchemaJson(): string {
  try {
    return gunzipSync(readFileSync(SCHEMA_FILE)).toString('utf8');
  } catch (e) {
    throw new Error(`cannot read the Proxmox VE schema ${SCHEMA_FILE}: ${(e as Error).message}`);
  }
}

function templateRegex(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const src = template
    .split('/')
    .map((seg) => {
      const m = /^\{([^}]+)\}$/.exec(seg);
      if (m) {
        names.push(m[1]);
        return '([^/]+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { regex: new RegExp(`^${src}/?$`), names };
}

let cached: PveSchema | undefined;

export function loadPveSchema(): PveSchema {
  if (cached) return cached;
  const tree = JSON.parse(readSchemaJson()) as TreeNode[];
  const endpoints: PveEndpoint[] = [];
  const byKey = new Map<string, PveEndpoint>();
  const allPaths: Array<{ regex: RegExp }> = [];
  const walk = (n: TreeNode): void => {
    const { regex, names } = templateRegex(n.path);
    allPaths.push({ regex });
    for (const [method, def] of Object.entries(n.info ?? {})) {
      const ep: PveEndpoint = { method, path: n.path, def, regex, paramNames: names };
      endpoints.push(ep);
      byKey.set(`${method} ${n.path}`, ep);
    }
    (n.children ?? []).forEach(walk);
  };
  tree.forEach(walk);
  // literal segments must win over placeholders (e.g. /nodes/{node}/qemu vs /nodes/{node}/{x})
  const ordered = [...endpoints].sort(
    (a, b) => a.paramNames.length - b.paramNames.length || b.path.length - a.path.length,
  );
  const schema: PveSchema = {
    file: SCHEMA_FILE,
    endpoints,
    get: (method, template) => byKey.get(`${method} ${template}`),
    match(method, concretePath) {
      const p = concretePath.length > 1 ? concretePath.replace(/\/+$/, '') : concretePath;
      for (const ep of ordered) {
        if (ep.method !== method) continue;
        const m = ep.regex.exec(p);
        if (!m) continue;
        const pathParams: Record<string, string> = {};
        ep.paramNames.forEach((name, i) => {
          pathParams[name] = decodeURIComponent(m[i + 1]);
        });
        return { endpoint: ep, pathParams };
      }
      return { pathExists: allPaths.some((x) => x.regex.test(p)) };
    },
  };
  cached = schema;
  return schema;
}
