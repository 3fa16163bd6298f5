/**
 * IPAM address table, filtered deep pages (issue 17): `status=allocated` page 1,200 of a /16 whose
 * 65,536 addresses are all allocated, at 20 concurrent clients, on the repository (what the API's
 * GET /api/ipam/ranges/:id/addresses?status=allocated&page=1200&pageSize=50 costs the database).
 * Compares three ways to read that page: `listRows` by page number (finds the page's first offset
 * on the (rangeId, status, offset) index, then reads the page from there), `listRows` by cursor
 * (keyset: the rows after the previous page's last offset) and the plain OFFSET query (each
 * skipped row read in full). Prints MariaDB's EXPLAIN of the OFFSET query and the first step.
 *
 * Run: npx tsx --tsconfig backend/tsconfig.json bench/ipam-deep-page.bench.ts (the variants take
 * about 2 min, creating the throwaway database and its 65,536 rows more: 12 min in all at load 30-40)
 * Env: BENCH_SECONDS (10), DATABASE_SERVER (mysql://root@127.0.0.1:3306). Throwaway database.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import * as mariadb from 'mariadb';
import {
  createPrismaClient,
  type PrismaService,
} from '../backend/src/common/prisma/prisma.service';
import { SqlReader } from '../backend/src/common/prisma/sql-reader.service';
import type { AppConfig } from '../backend/src/config/app-config';
import { parseDatabaseUrl } from '../backend/src/database/migrator';
import { IpamRepository } from '../backend/src/modules/ipam/ipam.repository';
import { benchDatabase, percentile, runBench } from './lib/processes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = 20;
const PAGE = 1200;
const PAGE_SIZE = 50;
const fmt = (xs: number[]) =>
  `p50 ${percentile(xs, 50).toFixed(1)} ms  p99 ${percentile(xs, 99).toFixed(1)} ms  (n=${xs.length})`;

async function closedLoop(
  fn: () => Promise<unknown>,
  seconds: number,
  clients = CLIENTS,
): Promise<number[]> {
  const lat: number[] = [];
  let errors = 0;
  let firstError = '';
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < end) {
        const s = performance.now();
        try {
          await fn();
          lat.push(performance.now() - s);
        } catch (err) {
          errors++;
          firstError ||= err instanceof Error ? err.message.split('\n')[0] : String(err);
        }
      }
    }),
  );
  if (errors) console.log(`  ${errors} request(s) failed, first: ${firstError}`);
  return lat.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const db = await benchDatabase('ipamdeep');
  // One connection per client: the figure is the database's, not a wait for a pooled connection.
  const prisma = createPrismaClient(`${db.url}?connection_limit=${CLIENTS}`);
  try {
    const conn = await mariadb.createConnection(parseDatabaseUrl(db.url));
    const rangeId = randomUUID();
    const now = new Date();
    await conn.query(
      `INSERT INTO IpRange (id, name, family, cidr, prefixLength, startHex, endHex, firstOffset, lastOffset,
         dnsServers, holdSeconds, updatedAt) VALUES (?, 'table-16', 4, '10.61.0.0/16', 16, ?, ?, 0, 65535, '[]', 0, ?)`,
      [
        rangeId,
        (0x0a3d0000).toString(16).padStart(32, '0'),
        (0x0a3dffff).toString(16).padStart(32, '0'),
        now,
      ],
    );
    const rows = Array.from({ length: 65536 }, (_, o) => [
      randomUUID(),
      rangeId,
      o,
      `10.61.${o >> 8}.${o & 255}`,
      'allocated',
      'other',
      now,
    ]);
    for (let i = 0; i < rows.length; i += 10_000) {
      await conn.batch(
        'INSERT INTO IpAddress (id, rangeId, `offset`, address, status, purpose, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
        rows.slice(i, i + 10_000),
      );
    }
    await conn.query('ANALYZE TABLE IpAddress');
    const skip = (PAGE - 1) * PAGE_SIZE;
    for (const [label, sql] of [
      [
        'OFFSET',
        `SELECT * FROM IpAddress WHERE rangeId = ? AND status = 'allocated' ORDER BY \`offset\` LIMIT ${PAGE_SIZE} OFFSET ${skip}`,
      ],
      [
        'first offset of the page',
        `SELECT \`offset\` FROM IpAddress WHERE rangeId = ? AND status = 'allocated' ORDER BY \`offset\` LIMIT 1 OFFSET ${skip}`,
      ],
    ] as const) {
      const plan = (await conn.query(`EXPLAIN ${sql}`, [rangeId])) as Array<
        Record<string, unknown>
      >;
      console.log(
        `EXPLAIN ${label}: ${plan.map((p) => `key=${String(p.key)} rows=${String(p.rows)} extra=${String(p.Extra)}`).join(' | ')}`,
      );
    }
    await conn.end();

    const sql = new SqlReader({ env: { DATABASE_URL: db.url } } as AppConfig);
    const repo = new IpamRepository(prisma as unknown as PrismaService, sql);
    const where = { rangeId, status: 'allocated' as const };
    const filter = { status: 'allocated' as const };
    // The same page three ways: by page number (index-only first step), by the cursor the page
    // before hands out (offset of its last row), and the plain OFFSET query it replaced.
    const byPage = () => repo.listRows(null, rangeId, filter, { skip, take: PAGE_SIZE });
    const byCursor = () =>
      repo.listRows(null, rangeId, filter, { after: BigInt(skip - 1), take: PAGE_SIZE });
    // What the API does now: the total from the range's status counter, not a COUNT.
    const byCursorCounted = () =>
      repo.listRows(null, rangeId, filter, { after: BigInt(skip - 1), take: PAGE_SIZE }, 65_536);
    for (const [label, fn] of [
      ['page', byPage],
      ['cursor', byCursor],
      ['cursor, counted', byCursorCounted],
    ] as const) {
      const check = await fn();
      if (check.rows.length !== PAGE_SIZE || Number(check.rows[0].offset) !== skip)
        throw new Error(`listRows by ${label} answered the wrong page: ${check.rows[0]?.offset}`);
    }

    const t0 = Date.now();
    await closedLoop(byPage, Math.min(SECONDS, 3)); // warm-up
    const offsetQuery = () =>
      Promise.all([
        prisma.ipAddress.findMany({ where, orderBy: { offset: 'asc' }, skip, take: PAGE_SIZE }),
        prisma.ipAddress.count({ where }),
      ]);
    const short = Math.max(3, Math.round(SECONDS / 2));
    const variants: Array<[string, () => Promise<unknown>, number, number]> = [
      ['listRows by page number (index-only first step)', byPage, SECONDS, CLIENTS],
      ['listRows by cursor (keyset)', byCursor, SECONDS, CLIENTS],
      [
        'listRows by cursor, total from the counter (the API now)',
        byCursorCounted,
        SECONDS,
        CLIENTS,
      ],
      // The old query reads 60,000 rows per request: a shorter run is enough to show it.
      ['plain OFFSET query (before)', offsetQuery, short, CLIENTS],
      // One client: each request's own cost, and where it goes (the page's rows vs the total).
      ['listRows by page number', byPage, short, 1],
      ['listRows by cursor', byCursor, short, 1],
      ['listRows by cursor, total from the counter', byCursorCounted, short, 1],
      [
        "the cursor page's rows alone",
        () =>
          prisma.ipAddress.findMany({
            where: { ...where, offset: { gt: BigInt(skip - 1) } },
            orderBy: { offset: 'asc' },
            take: PAGE_SIZE,
          }),
        short,
        1,
      ],
      ['the total alone (count)', () => prisma.ipAddress.count({ where }), short, 1],
      ['plain OFFSET query (before)', offsetQuery, short, 1],
    ];
    for (const [label, fn, seconds, clients] of variants) {
      const lat = await closedLoop(fn, seconds, clients);
      console.log(`status=allocated page ${PAGE}, ${label}, ${clients} client(s): ${fmt(lat)}`);
    }
    console.log(
      `load average (1 min) at the end: ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`,
    );
    console.log(`target p99 <= 60 ms; measured in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    await prisma.$disconnect();
    await db.drop();
  }
}

runBench(main);
