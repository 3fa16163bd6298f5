import {
  loadPveSchema,
  type PveEndpoint,
  type PveMethodDef,
  type PveProp,
} from '@multpanel/simulator';
import {
  PVE_HTTP_METHODS,
  type PveApiEndpointDetail,
  type PveApiEndpointSummary,
  type PveApiParameter,
  type PveApiTreeNode,
  type PveHttpMethod,
} from '@multpanel/contracts';

// The PVE 9.1 schema (simulator/schema/apidata.json.gz, the one the simulator and the contract
// tests read) as the explorer shows it: a tree of paths, searchable summaries, endpoint details.

const isMethod = (m: string): m is PveHttpMethod =>
  (PVE_HTTP_METHODS as readonly string[]).includes(m);

/** The handler's description (declared on every PVE method, missing from the loader's type). */
const descriptionOf = (def: PveMethodDef): unknown =>
  (def as { description?: unknown }).description;

const firstLine = (s: unknown): string | null =>
  typeof s === 'string' && s.trim() ? s.trim().split('\n')[0] : null;

export function summaryOf(ep: PveEndpoint): PveApiEndpointSummary {
  return {
    method: ep.method as PveHttpMethod,
    path: ep.path,
    name: ep.def.name ?? null,
    description: firstLine(descriptionOf(ep.def)),
    protected: !!ep.def.protected,
  };
}

let tree: PveApiTreeNode[] | undefined;

/** Every documented path as a tree (paths without methods of their own are kept as folders). */
export function pveTree(): PveApiTreeNode[] {
  if (tree) return tree;
  const byPath = new Map<string, PveApiTreeNode>();
  const roots: PveApiTreeNode[] = [];
  const node = (path: string): PveApiTreeNode => {
    const found = byPath.get(path);
    if (found) return found;
    const segs = path.split('/').filter(Boolean);
    const created: PveApiTreeNode = {
      path,
      text: segs[segs.length - 1] ?? '/',
      methods: [],
      children: [],
    };
    byPath.set(path, created);
    if (segs.length <= 1) roots.push(created);
    else node(`/${segs.slice(0, -1).join('/')}`).children.push(created);
    return created;
  };
  for (const ep of loadPveSchema().endpoints) {
    if (!isMethod(ep.method)) continue;
    const n = node(ep.path);
    if (!n.methods.includes(ep.method)) n.methods.push(ep.method);
  }
  const order = (list: PveApiTreeNode[]) => {
    list.sort((a, b) => a.path.localeCompare(b.path));
    for (const n of list) {
      n.methods.sort((a, b) => PVE_HTTP_METHODS.indexOf(a) - PVE_HTTP_METHODS.indexOf(b));
      order(n.children);
    }
  };
  order(roots);
  tree = roots;
  return tree;
}

/**
 * Endpoints whose path, handler name or description contains every word of `search` (case
 * insensitive), in path order, one page.
 */
export function searchPve(q: {
  search?: string;
  method?: PveHttpMethod;
  page: number;
  pageSize: number;
}): { items: PveApiEndpointSummary[]; total: number } {
  const words = (q.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const hits = loadPveSchema()
    .endpoints.filter((ep) => isMethod(ep.method) && (!q.method || ep.method === q.method))
    .filter((ep) => {
      const hay = `${ep.method} ${ep.path} ${ep.def.name ?? ''} ${String(descriptionOf(ep.def) ?? '')}`;
      const lower = hay.toLowerCase();
      return words.every((w) => lower.includes(w));
    })
    .sort(
      (a, b) =>
        a.path.localeCompare(b.path) ||
        PVE_HTTP_METHODS.indexOf(a.method as PveHttpMethod) -
          PVE_HTTP_METHODS.indexOf(b.method as PveHttpMethod),
    );
  const start = (q.page - 1) * q.pageSize;
  return { items: hits.slice(start, start + q.pageSize).map(summaryOf), total: hits.length };
}

function parameterOf(name: string, p: PveProp, inPath: boolean): PveApiParameter {
  const format = p.format;
  return {
    name,
    inPath,
    type: typeof p.type === 'string' ? p.type : null,
    format: typeof format === 'string' ? format : format ? 'property-string' : null,
    formatKeys: format && typeof format === 'object' ? Object.keys(format).sort() : [],
    enum: Array.isArray(p.enum) ? p.enum.map(String) : null,
    optional: !!p.optional,
    default: p.default ?? null,
    minimum: typeof p.minimum === 'number' ? p.minimum : null,
    maximum: typeof p.maximum === 'number' ? p.maximum : null,
    pattern: typeof p.pattern === 'string' ? p.pattern : null,
    description: typeof p.description === 'string' ? p.description : null,
  };
}

/** One endpoint by its template path (`/nodes/{node}/qemu/{vmid}/status/current`). */
export function pveEndpoint(method: PveHttpMethod, path: string): PveApiEndpointDetail | null {
  const ep = loadPveSchema().get(method, path);
  if (!ep) return null;
  const def: PveMethodDef = ep.def;
  const props = def.parameters?.properties ?? {};
  const parameters = Object.entries(props)
    .map(([name, p]) => parameterOf(name, p, ep.paramNames.includes(name)))
    .sort(
      (a, b) =>
        Number(b.inPath) - Number(a.inPath) ||
        Number(a.optional) - Number(b.optional) ||
        a.name.localeCompare(b.name),
    );
  const perms = def.permissions;
  return {
    ...summaryOf(ep),
    description: typeof descriptionOf(def) === 'string' ? (descriptionOf(def) as string) : null,
    parameters,
    returns: def.returns ?? null,
    permissions: perms
      ? {
          check: perms.check ?? null,
          description: perms.description ?? null,
          user: perms.user ?? null,
        }
      : null,
    allowToken: def.allowtoken === undefined ? true : !!def.allowtoken,
  };
}

/** The documented template a concrete path resolves to, or why not. */
export function resolvePve(
  method: PveHttpMethod,
  concretePath: string,
): { endpoint: PveEndpoint; pathParams: Record<string, string> } | { pathExists: boolean } {
  return loadPveSchema().match(method, concretePath) ?? { pathExists: false };
}
