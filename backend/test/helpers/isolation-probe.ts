import { randomUUID } from 'node:crypto';
import type { TestContext } from './test-context';

// The isolation crawler's engine, reusable by any test: it reads the OpenAPI document and, for every
// documented route, sends ids of another company where ids go — in the path, in id-like query
// parameters and in id-like fields of request bodies — next to the same request carrying an id that
// exists nowhere. A foreign id must look exactly like a missing one: same status, same body (with the
// id itself masked), nothing of the other company in any answer, never a 5xx.

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
};

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
}

export interface QueryParam {
  name: string;
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  params: string[];
  query: QueryParam[];
  body?: Schema;
}

/** Resources the calling role may use: they fill every id that is not the one being probed. */
export interface HomeIds {
  companyId: string;
  clusterId: string;
  node: string;
  guestId: string;
  templateId: string;
  userId: string;
}

export interface ForeignWorld {
  /** Ids of the other company's resources (and of clusters/templates only it may use). */
  ids: string[];
  /** Node names of clusters only the other company may use (for `{node}` in paths). */
  nodes: string[];
  /** Strings no answer may contain: ids, names, emails of the other company. */
  markers: string[];
  /**
   * The foreign ids by the table that holds them (lower-case table name). With it, an id slot gets only
   * the ids of the tables its name points at (see `idsForSlot`); without it, every slot gets every id.
   */
  byTable?: Record<string, string[]>;
}

export interface CrawlOptions {
  ops: Operation[];
  auth: Record<string, string>;
  home: HomeIds;
  foreign: ForeignWorld;
  /** Paths never probed (login and cookie flows covered by their own suites). */
  skip?: Set<string>;
}

export interface CrawlReport {
  problems: string[];
  calls: number;
  probes: { path: number; query: number; body: number };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const REFUSED = new Set([400, 403, 404]);
/** A field or query parameter that carries ids (clusterId, guestIds, ids, allowedCompanyIds…). */
export const isIdName = (name: string) => /^(id|ids)$|Ids?$/.test(name);

export async function documentedOperations(ctx: TestContext): Promise<Operation[]> {
  const doc = (await ctx.http.get('/api/docs-json')).body as OpenApiDoc;
  const resolve = (s: Schema | undefined): Schema | undefined =>
    s?.$ref ? doc.components?.schemas?.[s.$ref.split('/').pop()!] : s;
  const deref = (s: Schema | undefined): Schema | undefined => {
    const r = resolve(s);
    if (!r) return r;
    const out: Schema = { ...r };
    if (r.properties)
      out.properties = Object.fromEntries(
        Object.entries(r.properties).map(([k, v]) => [k, deref(v)!]),
      );
    if (r.items) out.items = deref(r.items);
    for (const k of ['oneOf', 'anyOf', 'allOf'] as const)
      if (r[k]) out[k] = r[k]!.map(deref) as Schema[];
    return out;
  };
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    METHODS.filter((m) => methods[m]).map((method): Operation => {
      const op = methods[method];
      const params = op.parameters ?? [];
      return {
        method,
        path,
        params: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: !!p.required, schema: p.schema ?? {} })),
        body: deref(op.requestBody?.content?.['application/json']?.schema),
      };
    }),
  );
  // Deletions last, so a broken scope cannot hide other findings by removing the data first.
  return ops.sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));
}

/** Where an id goes inside a body: a property path; `[]` marks an array element. */
type FieldPath = string[];

function idFields(s: Schema | undefined, at: FieldPath = []): FieldPath[] {
  if (!s) return [];
  if (s.type === 'array') return idFields(s.items, [...at, '[]']);
  const variants = s.oneOf ?? s.anyOf ?? s.allOf;
  if (variants) return variants.flatMap((v) => idFields(v, at));
  const out: FieldPath[] = [];
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    const isIdString = v.type === 'string' || v.items?.type === 'string';
    if (isIdName(k) && isIdString) out.push([...at, k]);
    else out.push(...idFields(v, [...at, k]));
  }
  return out;
}

const startsWith = (path: FieldPath, prefix: FieldPath) => prefix.every((p, i) => path[i] === p);

/** A value the schema accepts; `target` gets `probe`, other id fields a home id by their name. */
function sample(
  s: Schema | undefined,
  at: FieldPath,
  target: FieldPath | null,
  probe: string,
  homeId: (name: string) => string,
): unknown {
  if (!s) return null;
  const name = at.filter((p) => p !== '[]').pop() ?? '';
  if (target && at.length === target.length && startsWith(target, at)) {
    return s.type === 'array' ? [probe] : probe;
  }
  const variants = s.oneOf ?? s.anyOf;
  if (variants) {
    const pick =
      variants.find((v) => target && idFields(v, at).some((f) => startsWith(target, f))) ??
      variants[0];
    return sample(pick, at, target, probe, homeId);
  }
  if (s.enum?.length) return s.enum[0];
  switch (s.type) {
    case 'object': {
      const props = s.properties ?? {};
      const keys = new Set(s.required ?? []);
      for (const k of Object.keys(props)) if (target && startsWith(target, [...at, k])) keys.add(k);
      // An object with nothing required still needs something (e.g. "request at least one limit").
      if (keys.size === 0 && Object.keys(props).length) keys.add(Object.keys(props)[0]);
      return Object.fromEntries(
        [...keys].map((k) => [k, sample(props[k], [...at, k], target, probe, homeId)]),
      );
    }
    case 'array': {
      const n = Math.max(1, s.minItems ?? 0);
      return Array.from({ length: n }, () => sample(s.items, [...at, '[]'], target, probe, homeId));
    }
    case 'integer':
    case 'number':
      return Math.min(s.maximum ?? Infinity, Math.max(s.minimum ?? 1, 1));
    case 'boolean':
      return false;
    default:
      return sampleString(s, name, homeId);
  }
}

function sampleString(s: Schema, name: string, homeId: (name: string) => string): string {
  if (s.format === 'uuid' || isIdName(name)) return homeId(name);
  if (s.format === 'email') return `probe-${randomUUID().slice(0, 8)}@example.test`;
  if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
  const candidates = ['probe1', 'vmbr0', 'a', 'probe reason text', 'x'.repeat(s.minLength ?? 1)];
  const re = s.pattern ? new RegExp(s.pattern) : null;
  const fits = (v: string) =>
    (!re || re.test(v)) && v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? 1e9);
  return candidates.find(fits) ?? 'probe1';
}

/** Which home id fills a name (path param, query param or body field). */
function homeIdFor(home: HomeIds, path: string) {
  return (name: string): string => {
    const n = name.toLowerCase();
    if (n === 'id') {
      if (path.startsWith('/api/vms/')) return home.guestId;
      if (path.startsWith('/api/companies/')) return home.companyId;
      if (path.startsWith('/api/clusters/')) return home.clusterId;
      if (path.startsWith('/api/templates/')) return home.templateId;
      if (path.startsWith('/api/users/')) return home.userId;
      return randomUUID();
    }
    if (n.startsWith('compan') || n.includes('companyid')) return home.companyId;
    if (n.includes('cluster')) return home.clusterId;
    if (n.includes('guest') || n === 'ids' || n.includes('vmid')) return home.guestId;
    if (n.includes('template')) return home.templateId;
    if (n.includes('user') || n.includes('actor')) return home.userId;
    return randomUUID();
  };
}

// Slot names whose table is not their own name.
const TABLE_ALIASES: Record<string, string> = { vm: 'guest', vmid: 'guest', member: 'user' };

/** `guestIds` → "guest"; `id`/`ids` take the path segment they belong to (`/api/vms/{id}` → "guest"). */
function slotToken(name: string, segment: string): string {
  const own = name.replace(/Ids?$/, '').toLowerCase();
  const raw = own === 'id' || own === 'ids' || own === '' ? segment : own;
  const t = raw
    .replace(/[^a-z]/gi, '')
    .toLowerCase()
    .replace(/(ies)$/, 'y')
    .replace(/s$/, '');
  return TABLE_ALIASES[t] ?? t;
}

/**
 * The foreign ids worth sending into a slot: those of every table whose name contains the slot's
 * token. A slot that names no table (a free-form `resourceId`, an unknown segment) gets every id, so
 * a new module is never probed less than before; only ids of an unrelated kind are spared (a firewall
 * id in a `clusterId` slot would be a plain "not found" and costs a request per probe).
 */
function idsForSlot(foreign: ForeignWorld, tokens: string[]): string[] {
  if (!foreign.byTable || !tokens.length) return foreign.ids;
  const tables = Object.keys(foreign.byTable);
  const picked = new Set<string>();
  for (const token of tokens) {
    const hits = token ? tables.filter((t) => t.includes(token)) : [];
    if (!hits.length) return foreign.ids;
    for (const t of hits) for (const id of foreign.byTable[t]) picked.add(id);
  }
  return [...picked];
}

/** The path segment an id parameter belongs to (`/api/firewalls/{id}/changes` → "firewalls"). */
function segmentBefore(path: string, param: string): string {
  const parts = path.split('/');
  const i = parts.indexOf(`{${param}}`);
  return i > 0 ? parts[i - 1] : '';
}

/** The resource a query or body id belongs to when its name says nothing: the route's first segment. */
const routeSegment = (path: string) => path.split('/')[2] ?? '';

interface Probe {
  kind: keyof CrawlReport['probes'];
  label: string;
  /** The foreign ids sent into this probe's slot. */
  ids: string[];
  build: (value: string) => { url: string; body?: unknown };
  /** Path probes: the answer must also be a refusal. */
  mustRefuse: boolean;
}

function probesOf(op: Operation, home: HomeIds, foreign: ForeignWorld): Probe[] {
  const homeId = homeIdFor(home, op.path);
  const hasBody = op.method !== 'get' && op.method !== 'delete';
  const pathWith = (idValue: string | null) =>
    op.params.reduce((p, name) => {
      const v =
        name === 'node'
          ? idValue === null
            ? home.node
            : (foreign.nodes[0] ?? 'no-such-node')
          : name === 'id'
            ? (idValue ?? homeId('id'))
            : name === 'name'
              ? 'probe1'
              : name === 'nic'
                ? '0'
                : (idValue ?? homeId(name));
      return p.replace(`{${name}}`, encodeURIComponent(v));
    }, op.path);
  const query = (over: Record<string, string> = {}) => {
    const q = new URLSearchParams();
    for (const p of op.query) {
      if (p.name in over) q.set(p.name, over[p.name]);
      else if (p.required) q.set(p.name, String(sample(p.schema, [p.name], null, '', homeId)));
    }
    const s = q.toString();
    return s ? `?${s}` : '';
  };
  const body = (target: FieldPath | null, value: string) =>
    hasBody ? (op.body ? sample(op.body, [], target, value, homeId) : {}) : undefined;

  const probes: Probe[] = [];
  if (op.params.length) {
    const idParams = op.params.filter((p) => p === 'id' || isIdName(p));
    probes.push({
      kind: 'path',
      label: 'path',
      ids: idsForSlot(
        foreign,
        idParams.map((p) => slotToken(p, segmentBefore(op.path, p))),
      ),
      mustRefuse: true,
      build: (v) => ({ url: pathWith(v) + query(), body: body(null, '') }),
    });
  }
  for (const p of op.query.filter((q) => isIdName(q.name))) {
    probes.push({
      kind: 'query',
      label: `query ${p.name}`,
      ids: idsForSlot(foreign, [slotToken(p.name, routeSegment(op.path))]),
      mustRefuse: false,
      build: (v) => ({ url: pathWith(null) + query({ [p.name]: v }), body: body(null, '') }),
    });
  }
  if (hasBody) {
    for (const f of idFields(op.body)) {
      probes.push({
        kind: 'body',
        label: `body ${f.join('.').replace(/\.\[\]/g, '[]')}`,
        ids: idsForSlot(foreign, [slotToken(f[f.length - 1], routeSegment(op.path))]),
        mustRefuse: false,
        build: (v) => ({ url: pathWith(null) + query(), body: body(f, v) }),
      });
    }
  }
  return probes;
}

/** Everything an answer says, with the probed id masked and per-request noise left out. */
function comparable(status: number, body: unknown, id: string): string {
  const text = JSON.stringify(body ?? '', (k, v: unknown) => (k === 'errorId' ? undefined : v));
  return `${status} ${text.split(id).join('<id>')}`;
}

/** Crawl every documented operation as one caller; see the file comment for what is checked. */
export async function crawlIsolation(ctx: TestContext, o: CrawlOptions): Promise<CrawlReport> {
  const report: CrawlReport = { problems: [], calls: 0, probes: { path: 0, query: 0, body: 0 } };
  const send = async (op: Operation, req: { url: string; body?: unknown }) => {
    report.calls++;
    const res = await ctx.http[op.method](req.url)
      .set(o.auth)
      .send(req.body as object);
    return { status: res.status, body: (res.body ?? res.text) as unknown };
  };
  // The probed id itself may come back as an echo of the request; what matters is everything else.
  const leaks = (body: unknown, echo = '') => {
    const text = (typeof body === 'string' ? body : JSON.stringify(body ?? ''))
      .split(echo)
      .join('');
    return o.foreign.markers.filter((m) => m !== echo && text.includes(m));
  };
  for (const op of o.ops) {
    if (o.skip?.has(op.path)) continue;
    const name = op.method.toUpperCase();
    if (!op.params.length && op.method === 'get') {
      // A plain list must not carry anything of the other company either.
      const res = await send(op, { url: op.path });
      const found = leaks(res.body);
      if (found.length) report.problems.push(`${name} ${op.path} → ${res.status} leaks ${found}`);
      if (res.status >= 500) report.problems.push(`${name} ${op.path} → ${res.status}`);
    }
    for (const probe of probesOf(op, o.home, o.foreign)) {
      report.probes[probe.kind]++;
      const missing = randomUUID();
      const base = await send(op, probe.build(missing));
      const expected = comparable(base.status, base.body, missing);
      await Promise.all(
        probe.ids.map(async (id) => {
          const req = probe.build(id);
          const res = await send(op, req);
          const where = `${name} ${req.url} (${probe.label} = foreign id)`;
          const found = leaks(res.body, id);
          if (found.length) report.problems.push(`${where} → ${res.status} leaks ${found}`);
          if (res.status >= 500) report.problems.push(`${where} → ${res.status}`);
          else if (probe.mustRefuse && !REFUSED.has(res.status))
            report.problems.push(`${where} → ${res.status} (expected 400/403/404)`);
          if (comparable(res.status, res.body, id) !== expected) {
            report.problems.push(
              `${where} → ${res.status}, but a missing id → ${base.status}: the answers differ`,
            );
          }
        }),
      );
    }
  }
  return report;
}
