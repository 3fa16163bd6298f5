/**
 * IPAM benchmark (issue 17).
 *  1. 200 concurrent allocations (POST /api/ipam/ranges/:id/allocations) in one /24 (254 usable):
 *     exactly 200 distinct addresses, 0 duplicates, 54 left; with 1 and with 3 API processes.
 *  2. Allocation latency at 50 concurrent clients (closed loop, next-free in a /16), p50/p99.
 *  3. Next-free in a /16 with 60,000 addresses already allocated (scattered: every 20th offset
 *     free, so the free space is ~3,000 runs): p99 ≤ 5 ms, measured on the engine in-process
 *     (one client, sequential) and through HTTP (one client).
 *  4. A range's address table with 65,536 rows: GET .../addresses page of 50, p99 ≤ 60 ms at 20
 *     clients, paged the way the SPA pages it (keyset: `cursor` = the previous page's nextCursor),
 *     unfiltered and status=allocated, deep in the table; one page-number jump for comparison. On
 *     one API process (all four), and on each other count in BENCH_IPAM_PROCESSES (the two cursor
 *     pages; production runs instances.yml's `api.instances`, 2, behind nginx), each line naming it.
 *  Rows examined: MariaDB's ANALYZE (r_rows, what each statement really read) of the statements
 *  behind 3 and 4 (independent of machine load, unlike the latencies), with the load average.
 *
 *  CPU per request: the API process's user+system CPU ms per request (and the bench process's own
 *  per in-process allocation), which a busy machine delays but does not inflate like latency.
 *
 * Run: npx tsx --tsconfig backend/tsconfig.json bench/ipam.bench.ts
 * Env: BENCH_SECONDS (10), BENCH_IPAM_PROCESSES ("1,3": API process counts for 1), BENCH_IPAM_ONLY
 *      (next-free: part 3 in-process only), BENCH_IPAM_ROUNDTRIPS (1: after part 3's figure, a second
 *      engine run with each round trip timed, to see where the tail is), DATABASE_SERVER
 *      (mysql://root@127.0.0.1:3306), REDIS_URL, BENCH_NODE_ARGS (e.g. --cpu-prof). Needs MariaDB +
 *      Redis; uses a throwaway database (dropped at the end). The API runs as its own process(es).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import * as mariadb from 'mariadb';
import { hashPassword } from '../backend/src/common/crypto/password';
import {
  createPrismaClient,
  type PrismaService,
} from '../backend/src/common/prisma/prisma.service';
import { parseDatabaseUrl } from '../backend/src/database/migrator';
import { IpamAllocationsRepository } from '../backend/src/modules/ipam/ipam-allocations.repository';
import {
  backendEnv,
  cpuMs,
  benchDatabase,
  freePort,
  percentile,
  processTree,
  runBench,
  startBackend,
  stop,
  waitFor,
} from './lib/processes';
import { load } from './lib/http-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const fmt = (xs: number[]) =>
  `p50 ${percentile(xs, 50).toFixed(2)} ms  p99 ${percentile(xs, 99).toFixed(2)} ms  (n=${xs.length})`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const ONLY_NEXT_FREE = process.env.BENCH_IPAM_ONLY === 'next-free';
const load1 = () => `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`;

/** Tables a statement read and the rows it really read there (MariaDB ANALYZE FORMAT=JSON). */
async function rowsExamined(
  conn: mariadb.Connection,
  label: string,
  sql: string,
  params: unknown[],
): Promise<void> {
  const [row] = (await conn.query(`ANALYZE FORMAT=JSON ${sql}`, params)) as Array<
    Record<string, string>
  >;
  const reads: string[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const t = node as Record<string, unknown>;
    if (typeof t.table_name === 'string') {
      reads.push(
        `${t.table_name} ${String(t.access_type)} key=${String(t.key)} r_rows=${String(t.r_rows)}`,
      );
    }
    for (const v of Object.values(t)) walk(v);
  };
  walk(JSON.parse(Object.values(row)[0]));
  console.log(`rows examined, ${label}: ${reads.join(' | ')}`);
}

async function api(
  base: string,
  auth: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...auth, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Seeds `offsets` as allocated rows of a range and its free runs (the window minus them). */
async function seedRange(
  conn: mariadb.Connection,
  opts: {
    name: string;
    cidr: string;
    startHex: string;
    endHex: string;
    first: number;
    last: number;
  },
  allocated: (offset: number) => boolean,
  address: (offset: number) => string,
): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await conn.query(
    `INSERT INTO IpRange (id, name, family, cidr, prefixLength, startHex, endHex, firstOffset, lastOffset,
       dnsServers, holdSeconds, updatedAt) VALUES (?, ?, 4, ?, 16, ?, ?, ?, ?, '[]', 0, ?)`,
    [id, opts.name, opts.cidr, opts.startHex, opts.endHex, opts.first, opts.last, now],
  );
  const rows: unknown[][] = [];
  const runs: unknown[][] = [];
  let runStart: number | null = null;
  for (let o = opts.first; o <= opts.last; o++) {
    if (allocated(o)) {
      rows.push([randomUUID(), id, o, address(o), 'allocated', 'other', now]);
      if (runStart !== null) runs.push([id, runStart, o - 1]);
      runStart = null;
    } else runStart ??= o;
  }
  if (runStart !== null) runs.push([id, runStart, opts.last]);
  // The engine keeps this counter with the rows; a seed written beside it must set it too.
  await conn.query('UPDATE IpRange SET allocatedCount = ? WHERE id = ?', [rows.length, id]);
  for (let i = 0; i < rows.length; i += 10_000) {
    await conn.batch(
      'INSERT INTO IpAddress (id, rangeId, `offset`, address, status, purpose, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
      rows.slice(i, i + 10_000),
    );
  }
  if (runs.length) {
    await conn.batch(
      'INSERT INTO IpRangeFree (rangeId, startOffset, endOffset) VALUES (?, ?, ?)',
      runs,
    );
  }
  console.log(`seeded ${opts.name}: ${rows.length} allocated, ${runs.length} free runs`);
  return id;
}

async function concurrentAllocations(
  base: string,
  auth: Record<string, string>,
  label: string,
  octet: number,
) {
  const range = await api(base, auth, 'POST', '/api/ipam/ranges', {
    name: `race-${label}`,
    cidr: `10.77.${octet}.0/24`,
  });
  if (range.status !== 201) throw new Error(`range: ${JSON.stringify(range.body)}`);
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: 200 }, async () => {
      const s = performance.now();
      const r = await api(
        base,
        auth,
        'POST',
        `/api/ipam/ranges/${range.body.id as string}/allocations`,
        {},
      );
      return { ok: r.status === 201, address: r.body.address as string, ms: performance.now() - s };
    }),
  );
  const wall = performance.now() - t0;
  const ok = results.filter((r) => r.ok);
  const distinct = new Set(ok.map((r) => r.address)).size;
  const after = await api(base, auth, 'GET', `/api/ipam/ranges/${range.body.id as string}`);
  const usage = after.body.usage as { free: number; allocated: number };
  const pass = ok.length === 200 && distinct === 200 && usage.free === 54;
  console.log(
    `${verdict(pass)} 200 concurrent allocations, ${label}: ${ok.length} ok, ${distinct} distinct, ` +
      `${ok.length - distinct} duplicates, ${usage.free} left (allocated ${usage.allocated}); ` +
      `wall ${wall.toFixed(0)} ms; ${fmt(results.map((r) => r.ms).sort((a, b) => a - b))}`,
  );
}

/** The local MariaDB server's process id (its CPU per allocation), when it runs on this machine. */
function mariadbPid(): number | null {
  try {
    return (
      Number(execFileSync('pidof', ['mariadbd'], { encoding: 'utf8' }).trim().split(' ')[0]) || null
    );
  } catch {
    return null;
  }
}

/** 3 in-process: the engine alone (what an allocation costs the database and the driver). */
async function nextFreeInProcess(prisma: ReturnType<typeof createPrismaClient>, rangeId: string) {
  // The engine sends its SQL on a connection of this client's pool (createPrismaClient carries
  // its adapter, as PrismaService does).
  const engine = new IpamAllocationsRepository(prisma as unknown as PrismaService);
  const data = {
    status: 'allocated' as const,
    purpose: 'other' as const,
    companyId: null,
    guestId: null,
    nic: null,
    hostname: null,
    note: null,
    actorId: null,
  };
  const takeOne = async () => {
    const r = await engine.take(
      rangeId,
      null,
      data,
      (o) => `10.60.${Number(o) >> 8}.${Number(o) & 255}`,
    );
    if (!r.ok) throw new Error(`engine: ${r.reason}`);
  };
  const inproc: number[] = [];
  const server = mariadbPid();
  const serverCpu0 = server ? cpuMs(server) : 0;
  const ownCpu0 = process.cpuUsage();
  for (let i = 0; i < 1000; i++) {
    const s = performance.now();
    await takeOne();
    inproc.push(performance.now() - s);
  }
  const ownCpu = process.cpuUsage(ownCpu0);
  const serverCpu = server
    ? `${((cpuMs(server) - serverCpu0) / inproc.length).toFixed(2)} ms/alloc (the whole server, other users' load included)`
    : 'not found';
  inproc.sort((a, b) => a - b);
  console.log(
    `${verdict(percentile(inproc, 99) <= 5)} next-free in a /16 with 60,000 allocated (engine, 1 client): ${fmt(inproc)} (≤ 5 ms; ` +
      `bench process CPU ${((ownCpu.user + ownCpu.system) / 1000 / inproc.length).toFixed(2)} ms/alloc; ` +
      `MariaDB CPU ${serverCpu}; ${load1()})`,
  );
  if (process.env.BENCH_IPAM_ROUNDTRIPS === '1') await roundTrips(prisma, takeOne);
}

/**
 * The same allocations with each of the engine's round trips timed (a wrapper on the pool's
 * connections: a little slower, so not the figure above): where the slowest 1% spend their time.
 */
async function roundTrips(
  prisma: ReturnType<typeof createPrismaClient>,
  takeOne: () => Promise<void>,
): Promise<void> {
  await prisma.$connect();
  const pool = prisma.driverAdapter.pool as unknown as {
    getConnection(): Promise<{
      query: (...a: unknown[]) => Promise<unknown>;
      release(): Promise<void>;
    }>;
  };
  let trace: Array<{ sql: string; sent: number; done: number }> = [];
  let acquired = 0;
  let released = 0;
  const getConnection = pool.getConnection.bind(pool);
  const wrapped = new WeakSet<object>();
  pool.getConnection = async () => {
    const s = performance.now();
    const conn = await getConnection();
    acquired += performance.now() - s;
    if (wrapped.has(conn)) return conn;
    wrapped.add(conn);
    // In place (the driver's connection keeps private fields a copy would not have).
    const query = conn.query.bind(conn);
    const release = conn.release.bind(conn);
    conn.query = (...a: unknown[]) => {
      const opts = a[0] as { sql?: string } | string;
      const entry = {
        sql: typeof opts === 'string' ? opts : (opts.sql ?? ''),
        sent: performance.now(),
        done: 0,
      };
      trace.push(entry);
      const p = query(...a);
      void p.then(
        () => (entry.done = performance.now()),
        () => (entry.done = performance.now()),
      );
      return p;
    };
    conn.release = async () => {
      const r = performance.now();
      await release();
      released += performance.now() - r;
    };
    return conn;
  };
  const rows: Array<{ total: number; parts: number[] }> = [];
  for (let i = 0; i < 1000; i++) {
    trace = [];
    acquired = released = 0;
    const s = performance.now();
    await takeOne();
    const total = performance.now() - s;
    // Round trips as the engine sends them: BEGIN … (the first run, or ipam_take_next and its answer,
    // do the whole allocation) | writes (or ipam_take_commit) | COMMIT.
    const rt1 =
      trace.findIndex(
        (t) => t.sql.startsWith('SELECT @ipam_take') || t.sql.startsWith('SELECT startOffset'),
      ) + 1;
    const found = trace.findIndex((t) => t.sql === 'COMMIT');
    const commit = found < 0 ? trace.length : found;
    const span = (from: number, to: number) => {
      const part = trace.slice(from, to);
      return part.length
        ? Math.max(...part.map((t) => t.done)) - Math.min(...part.map((t) => t.sent))
        : 0;
    };
    const parts = [
      acquired,
      span(0, rt1),
      span(rt1, commit),
      found < 0 ? 0 : span(commit, commit + 1),
      released,
    ];
    parts.push(total - parts.reduce((a, b) => a + b, 0));
    rows.push({ total, parts });
  }
  const names = [
    'get connection',
    'RT1 begin+lock+run',
    'RT2 writes',
    'RT3 commit',
    'release',
    'JS between',
  ];
  rows.sort((a, b) => a.total - b.total);
  const tail = rows.slice(Math.floor(rows.length * 0.98));
  const sorted = (k: number) => rows.map((r) => r.parts[k]).sort((a, b) => a - b);
  console.log(
    `round trips (instrumented, n=${rows.length}; total ${fmt(rows.map((r) => r.total))}):`,
  );
  names.forEach((n, k) => {
    const tailMean = tail.reduce((a, r) => a + r.parts[k], 0) / tail.length;
    console.log(
      `  ${n.padEnd(20)} p50 ${percentile(sorted(k), 50).toFixed(2)}  p99 ${percentile(sorted(k), 99).toFixed(2)}  ` +
        `mean in the slowest 2% ${tailMean.toFixed(2)} ms`,
    );
  });
  pool.getConnection = getConnection;
}

async function main(): Promise<void> {
  const db = await benchDatabase('ipam');
  const prisma = createPrismaClient(db.url);
  let apiProc: ReturnType<typeof startBackend> | undefined;
  try {
    const password = 'bench-password-1';
    const email = `admin-${randomUUID().slice(0, 8)}@bench.local`;
    await prisma.user.create({
      data: {
        email,
        name: 'Bench',
        role: 'super_admin',
        passwordHash: await hashPassword(password),
        status: 'active',
      },
    });
    const conn = await mariadb.createConnection(parseDatabaseUrl(db.url));
    // 3: a /16 with 60,000 allocated, every 20th offset free (window 1..65534).
    let count = 0;
    const nextFreeRange = await seedRange(
      conn,
      {
        name: 'full-16',
        cidr: '10.60.0.0/16',
        startHex: (0x0a3c0000).toString(16).padStart(32, '0'),
        endHex: (0x0a3cffff).toString(16).padStart(32, '0'),
        first: 1,
        last: 65534,
      },
      (o) => o % 20 !== 0 && count++ < 60_000,
      (o) => `10.60.${o >> 8}.${o & 255}`,
    );
    if (ONLY_NEXT_FREE) {
      await conn.end();
      await nextFreeInProcess(prisma, nextFreeRange);
      return;
    }
    // 4: a /16 whose whole window (65,536 addresses) is allocated.
    const tableRange = await seedRange(
      conn,
      {
        name: 'table-16',
        cidr: '10.61.0.0/16',
        startHex: (0x0a3d0000).toString(16).padStart(32, '0'),
        endHex: (0x0a3dffff).toString(16).padStart(32, '0'),
        first: 0,
        last: 65535,
      },
      () => true,
      (o) => `10.61.${o >> 8}.${o & 255}`,
    );
    await conn.query('ANALYZE TABLE IpAddress, IpRangeFree');
    // What the engine's next-free and static-address steps read (lock, run lookup), and what a
    // deep page of the table reads (its rows, and the count its total no longer takes).
    const deep = 60_000;
    for (const [label, sql, params] of [
      [
        'next-free: lock the range',
        'SELECT id FROM IpRange WHERE id = ? FOR UPDATE',
        [nextFreeRange],
      ],
      [
        'next-free: the first free run',
        'SELECT startOffset, endOffset FROM IpRangeFree WHERE rangeId = ? ORDER BY startOffset LIMIT 1',
        [nextFreeRange],
      ],
      [
        'static address: the run below it',
        'SELECT startOffset, endOffset FROM IpRangeFree WHERE rangeId = ? AND startOffset < ? ORDER BY startOffset DESC LIMIT 1',
        [nextFreeRange, 40_001],
      ],
      [
        `unfiltered page after offset ${deep} (rowsBetween)`,
        'SELECT * FROM IpAddress WHERE rangeId = ? AND `offset` >= ? AND `offset` <= ? ORDER BY `offset`',
        [tableRange, deep + 1, deep + 51],
      ],
      [
        `status=allocated page after cursor ${deep}`,
        "SELECT * FROM IpAddress WHERE rangeId = ? AND status = 'allocated' AND `offset` > ? ORDER BY `offset` LIMIT 51",
        [tableRange, deep],
      ],
      [
        'status=allocated total by COUNT (before the counter)',
        "SELECT COUNT(*) FROM IpAddress WHERE rangeId = ? AND status = 'allocated'",
        [tableRange],
      ],
      [
        'status=allocated total by the counter',
        'SELECT allocatedCount FROM IpRange WHERE id = ?',
        [tableRange],
      ],
    ] as const) {
      await rowsExamined(conn, label, sql, [...params]);
    }
    await conn.end();
    console.log(`(${load1()})`);

    await nextFreeInProcess(prisma, nextFreeRange);

    const counts = (process.env.BENCH_IPAM_PROCESSES ?? '1,3').split(',').map(Number);
    for (const instances of counts) {
      const port = await freePort();
      apiProc = startBackend('main', backendEnv(db.url, port), instances);
      const base = `http://127.0.0.1:${port}`;
      await waitFor(
        async () => (await fetch(`${base}/api/health`)).status > 0,
        90_000 * instances,
        `the API (${instances} process(es))`,
      );
      const login = (await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      }).then((r) => r.json())) as { accessToken: string };
      const auth = { Authorization: `Bearer ${login.accessToken}` };
      // Warm-up (JIT, pools) on a throwaway range.
      await concurrentAllocations(
        base,
        auth,
        `warm-up, ${instances} API process(es)`,
        200 + instances,
      );
      await concurrentAllocations(base, auth, `${instances} API process(es)`, instances);
      if (instances === 1) {
        // 3 through HTTP: one client, sequential.
        const pid = apiProc.pid!;
        const http: number[] = [];
        const httpCpu0 = cpuMs(pid);
        for (let i = 0; i < 300; i++) {
          const s = performance.now();
          const r = await api(
            base,
            auth,
            'POST',
            `/api/ipam/ranges/${nextFreeRange}/allocations`,
            {},
          );
          http.push(performance.now() - s);
          if (r.status !== 201) throw new Error(JSON.stringify(r.body));
        }
        const httpCpu = (cpuMs(pid) - httpCpu0) / http.length;
        http.sort((a, b) => a - b);
        console.log(
          `next-free in the same /16 through HTTP (1 client): ${fmt(http)}; API CPU ${httpCpu.toFixed(1)} ms/req (${load1()})`,
        );
        // 2: allocation latency at 50 concurrent clients, closed loop, in a fresh /16.
        const big = await api(base, auth, 'POST', '/api/ipam/ranges', {
          name: 'load-16',
          cidr: '10.62.0.0/16',
        });
        const lat: number[] = [];
        let errors = 0;
        const end = Date.now() + SECONDS * 1000;
        await Promise.all(
          Array.from({ length: 50 }, async () => {
            while (Date.now() < end) {
              const s = performance.now();
              const r = await api(
                base,
                auth,
                'POST',
                `/api/ipam/ranges/${big.body.id as string}/allocations`,
                {},
              );
              if (r.status === 201) lat.push(performance.now() - s);
              else errors++;
            }
          }),
        );
        lat.sort((a, b) => a - b);
        console.log(
          `allocation at 50 concurrent clients (one /16, ${SECONDS} s): ${(lat.length / SECONDS).toFixed(0)} alloc/s, ${errors} errors, ${fmt(lat)}`,
        );
      }
      // 4: the address table of 65,536 rows, as the SPA pages it (the cursor its previous page
      // handed out, deep in the table), at 1 client (each request's own cost) and 20 clients. With
      // one API process every variant; with several (production runs instances.yml's count behind
      // nginx) the two cursor pages, labelled with the count. CPU: all the API processes together.
      const apiCpu = () =>
        processTree(apiProc!.pid!)
          .filter((p) => instances === 1 || p !== apiProc!.pid)
          .reduce((sum, p) => sum + cpuMs(p), 0);
      const pages = [
        ['unfiltered, cursor 60,000', 'cursor=60000&pageSize=50'],
        ['status=allocated, cursor 60,000', 'status=allocated&cursor=60000&pageSize=50'],
        ['status=allocated, page-number jump to 1,200', 'status=allocated&page=1200&pageSize=50'],
        ['unfiltered, page 1', 'page=1&pageSize=50'],
      ] as const;
      for (const [label, query] of instances === 1 ? pages : pages.slice(0, 2)) {
        const url = `${base}/api/ipam/ranges/${tableRange}/addresses?${query}`;
        await load(url, auth, 20, 2000);
        const c0 = apiCpu();
        const one = await load(url, auth, 1, Math.max(3, SECONDS / 2) * 1000);
        const c1 = apiCpu();
        const r = await load(url, auth, 20, SECONDS * 1000);
        const perReq = (from: number, to: number, n: number) =>
          ((to - from) / Math.max(1, n)).toFixed(1);
        const cpu20 = perReq(c1, apiCpu(), r.latencies.length);
        const p99 = percentile(r.latencies, 99);
        console.log(
          `${verdict(p99 <= 60)} address table (65,536 rows) ${label}, ${instances} API process(es), at 20 clients: ${(r.latencies.length / r.seconds).toFixed(0)} req/s, ${r.errors} errors, ${fmt(r.latencies)} (≤ 60 ms), API CPU ${cpu20} ms/req; ` +
            `1 client: ${fmt(one.latencies)}, API CPU ${perReq(c0, c1, one.latencies.length)} ms/req (${load1()})`,
        );
      }
      await stop(apiProc);
      apiProc = undefined;
    }
  } finally {
    await stop(apiProc);
    await prisma.$disconnect();
    await db.drop();
  }
}

runBench(main);
