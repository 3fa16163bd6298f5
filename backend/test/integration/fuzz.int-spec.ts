import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { TestContext, type LoggedIn } from '../helpers/test-context';

// Malformed request bodies against every mutating route the API documents (issue 14): broken and
// mistyped JSON, values the schemas do not expect, odd Content-Encodings and charsets, anonymous
// and signed in. Whatever arrives, the answer is a 4xx (or a 2xx) with the error body, never a 5xx.
// Route families come from /api/docs-json like the isolation crawler's routes, so new modules are
// fuzzed as soon as they are documented. Deterministic (seeded), so a failure can be replayed.

interface Operation {
  method: string;
  path: string;
  family: string;
  props: Record<string, { type?: string }>;
}

interface Probe {
  label: string;
  body: Buffer;
  headers: Record<string, string>;
}

const JSON_TYPE = 'application/json';
const MIN_PER_FAMILY = 50;
const SEED = Number(process.env.FUZZ_SEED ?? 1414);

// mulberry32: small, seedable, good enough to pick cases.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const json = (text: string, extra: Record<string, string> = {}) => ({
  body: Buffer.from(text, 'utf8'),
  headers: { 'content-type': JSON_TYPE, ...extra },
});

// Values a field of any type should refuse (or accept) without failing.
const ODD_VALUES: unknown[] = [
  null,
  -1,
  0,
  1e308,
  -0.5,
  Number.MAX_SAFE_INTEGER + 2,
  '',
  ' ',
  'x'.repeat(70_000),
  '\u0000',
  '\ud800',
  '💥'.repeat(100),
  "'; DROP TABLE User; --",
  '../../etc/passwd',
  '1970-13-45T99:99:99Z',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  true,
  [],
  [null],
  Array.from({ length: 2000 }, (_, i) => i),
  {},
  { $gt: '' },
  { __proto__: { polluted: true } },
];

/** Bodies that break JSON itself, whatever the route. */
const BROKEN: Array<[string, () => { body: Buffer; headers: Record<string, string> }]> = [
  ['truncated object', () => json('{"name": "a",')],
  ['truncated array', () => json('[1, 2')],
  ['trailing garbage', () => json('{"a":1}}')],
  ['bare literal', () => json('nul')],
  ['number', () => json('12')],
  ['string', () => json('"text"')],
  ['null', () => json('null')],
  ['true', () => json('true')],
  ['empty array', () => json('[]')],
  ['array of objects', () => json('[{}, {"a": 1}]')],
  ['single quotes', () => json("{'a': 1}")],
  ['NaN', () => json('{"a": NaN}')],
  ['control character', () => json('{"a": "\u0001\u0002"}')],
  ['byte order mark', () => json('\ufeff{"a": 1}')],
  [
    'invalid UTF-8',
    () => ({ body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), headers: { 'content-type': JSON_TYPE } }),
  ],
  ['deep nesting', () => json(`${'['.repeat(5000)}${']'.repeat(5000)}`)],
  ['deep object', () => json(`${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`)],
  [
    'prototype pollution',
    () => json('{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {"x": 1}}}'),
  ],
  ['duplicate keys', () => json('{"a": 1, "a": {"b": 2}}')],
  ['over the size limit', () => json(`{"a": "${'x'.repeat(1_100_000)}"}`)],
  ['empty body', () => json('')],
  ['whitespace only', () => json(' \n\t ')],
  ['zstd encoding', () => json('{"a":1}', { 'content-encoding': 'zstd' })],
  ['compress encoding', () => json('{"a":1}', { 'content-encoding': 'compress' })],
  [
    'stacked encodings',
    () => ({
      body: gzipSync(gzipSync('{"a":1}')),
      headers: { 'content-type': JSON_TYPE, 'content-encoding': 'gzip, gzip' },
    }),
  ],
  ['corrupt gzip', () => json('definitely not gzip', { 'content-encoding': 'gzip' })],
  ['corrupt br', () => json('definitely not brotli', { 'content-encoding': 'br' })],
  ['corrupt deflate', () => json('definitely not deflate', { 'content-encoding': 'deflate' })],
  [
    'truncated gzip',
    () => ({
      body: gzipSync(JSON.stringify({ a: 'x'.repeat(500) })).subarray(0, 30),
      headers: { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' },
    }),
  ],
  [
    'gzip bomb',
    () => ({
      body: gzipSync(Buffer.alloc(20_000_000, 0x20)),
      headers: { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' },
    }),
  ],
  [
    'brotli of broken JSON',
    () => ({
      body: brotliCompressSync('{"a":'),
      headers: { 'content-type': JSON_TYPE, 'content-encoding': 'br' },
    }),
  ],
  [
    'deflate of a number',
    () => ({
      body: deflateSync('42'),
      headers: { 'content-type': JSON_TYPE, 'content-encoding': 'deflate' },
    }),
  ],
  [
    'charset iso-8859-1',
    () => json('{"name": "caf\u00e9"}', { 'content-type': `${JSON_TYPE}; charset=iso-8859-1` }),
  ],
  [
    'charset utf-7',
    () => json('{"a": "+AGEAYgBj-"}', { 'content-type': `${JSON_TYPE}; charset=utf-7` }),
  ],
  [
    'charset utf-16 of utf-8 bytes',
    () => json('{"a": 1}', { 'content-type': `${JSON_TYPE}; charset=utf-16le` }),
  ],
  ['unknown charset', () => json('{"a": 1}', { 'content-type': `${JSON_TYPE}; charset=klingon` })],
  ['empty charset', () => json('{"a": 1}', { 'content-type': `${JSON_TYPE}; charset=` })],
  [
    'form encoded',
    () => ({
      body: Buffer.from('a=1&b=2'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  ],
  [
    'multipart',
    () => ({
      body: Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'),
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    }),
  ],
  [
    'plain text',
    () => ({ body: Buffer.from('{"a":1}'), headers: { 'content-type': 'text/plain' } }),
  ],
  ['no content type', () => ({ body: Buffer.from('{"a":1}'), headers: {} })],
  [
    'garbled content type',
    () => ({ body: Buffer.from('{"a":1}'), headers: { 'content-type': 'application/json;;;=;' } }),
  ],
  [
    'json suffix type',
    () => ({
      body: Buffer.from('{"a":1}'),
      headers: { 'content-type': 'application/merge-patch+json' },
    }),
  ],
];

/** Bodies shaped like the route's schema, with each field given a value it does not expect. */
function mistyped(op: Operation, random: () => number, n: number): Probe[] {
  const fields = Object.keys(op.props);
  const out: Probe[] = [];
  for (let i = 0; i < n; i++) {
    const body: Record<string, unknown> = {};
    for (const f of fields) {
      if (random() < 0.7) body[f] = ODD_VALUES[Math.floor(random() * ODD_VALUES.length)];
    }
    if (fields.length === 0 || random() < 0.2) body[`extra${i}`] = 'unexpected';
    const text = JSON.stringify(body);
    const encoding = random();
    // A share of them compressed, as a client may send them.
    const compressed =
      encoding < 0.15
        ? { body: gzipSync(text), encoding: 'gzip' }
        : encoding < 0.25
          ? { body: brotliCompressSync(text), encoding: 'br' }
          : null;
    out.push({
      label: `mistyped fields ${fields.slice(0, 4).join(',') || '(none)'}${compressed ? ` (${compressed.encoding})` : ''}`,
      body: compressed ? compressed.body : Buffer.from(text),
      headers: {
        'content-type': JSON_TYPE,
        ...(compressed ? { 'content-encoding': compressed.encoding } : {}),
      },
    });
  }
  return out;
}

function fillPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === 'node' ? 'pve1' : name === 'domain' ? 'fuzz.example' : randomUUID(),
  );
}

describe('request body fuzzing: never a 5xx', () => {
  let ctx: TestContext;
  let staff: LoggedIn;
  let ops: Operation[];
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });

  beforeAll(async () => {
    ctx = await TestContext.create();
    staff = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    type DocOp = {
      requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
    };
    const doc = (await ctx.http.get('/api/docs-json')).body as {
      paths: Record<string, Record<string, DocOp>>;
      components: { schemas: Record<string, { properties?: Record<string, { type?: string }> }> };
    };
    const propsOf = (op: DocOp) => {
      const ref = op.requestBody?.content?.[JSON_TYPE]?.schema?.$ref;
      return ref ? (doc.components.schemas[ref.split('/').pop()!]?.properties ?? {}) : {};
    };
    ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map(([method, op]) => ({
          method,
          path,
          // /api/companies/{id}/identity-provider → companies
          family: path.split('/')[2] ?? path,
          props: propsOf(op),
        })),
    );
  }, 60_000);
  afterAll(async () => {
    agent.destroy();
    await ctx.close();
  });

  function send(op: Operation, probe: Probe, auth: boolean) {
    const url = new URL(fillPath(op.path), ctx.baseUrl);
    return new Promise<{ status: number; text: string; type: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: op.method.toUpperCase(),
          agent,
          headers: {
            ...probe.headers,
            'content-length': String(probe.body.length),
            ...(auth ? staff.auth : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              type: String(res.headers['content-type'] ?? ''),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(probe.body);
    });
  }

  it('finds mutating route families in the API description', () => {
    const families = new Set(ops.map((o) => o.family));
    expect(ops.length).toBeGreaterThan(30);
    for (const f of ['auth', 'companies', 'users', 'clusters', 'vms'])
      expect(families).toContain(f);
  });

  it(
    'answers every malformed body with a 4xx error body or a success, never a 5xx',
    async () => {
      const random = rng(SEED);
      const families = new Map<string, Operation[]>();
      for (const op of ops) families.set(op.family, [...(families.get(op.family) ?? []), op]);
      const failures: string[] = [];
      const sent = new Map<string, number>();
      const jobs: Array<() => Promise<void>> = [];
      const broken = BROKEN.map(([label, make]) => ({ label, ...make() }));
      const statuses = new Map<number, number>();
      for (const [family, members] of families) {
        // Every broken body once per family, then mistyped ones spread over its routes.
        const probes: Array<{ op: Operation; probe: Probe }> = broken.map((probe, i) => ({
          op: members[i % members.length],
          probe,
        }));
        let i = 0;
        while (probes.length < Math.max(MIN_PER_FAMILY, members.length * 6)) {
          const op = members[i++ % members.length];
          probes.push(...mistyped(op, random, 1).map((probe) => ({ op, probe })));
        }
        sent.set(family, probes.length);
        for (const [n, { op, probe }] of probes.entries()) {
          // A third before sign-in: bodies are read before the guard looks at the caller.
          const auth = n % 3 !== 0;
          jobs.push(async () => {
            const res = await send(op, probe, auth);
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const where = `${op.method.toUpperCase()} ${op.path} [${probe.label}${auth ? '' : ', anonymous'}]`;
            if (res.status >= 500)
              failures.push(`${where} → ${res.status} ${res.text.slice(0, 200)}`);
            else if (res.status >= 400) {
              const body = res.type.includes('json')
                ? (JSON.parse(res.text) as Record<string, unknown>)
                : {};
              if (
                body.statusCode !== res.status ||
                typeof body.code !== 'string' ||
                typeof body.message !== 'string'
              )
                failures.push(
                  `${where} → ${res.status} without the error body: ${res.text.slice(0, 120)}`,
                );
            }
          });
        }
      }
      // A few at a time, as clients would.
      let next = 0;
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          while (next < jobs.length) await jobs[next++]();
        }),
      );
      if (process.env.FUZZ_VERBOSE) console.log({ sent, statuses });
      expect(failures).toEqual([]);
      for (const [family, count] of sent) {
        expect([family, count >= MIN_PER_FAMILY]).toEqual([family, true]);
      }
      expect(jobs.length).toBeGreaterThanOrEqual(sent.size * MIN_PER_FAMILY);
    },
    // Well under a minute on an idle machine; generous for a loaded CI one.
    180_000,
  );
});
