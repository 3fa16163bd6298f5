/**
 * IPAM address table, filtered deep pages (issue 17): `status=allocated` page 1,200 of a /16 whose
 * 65,536 addresses are all allocated, at 20 concurrent clients, on the repository (what the API's
 * GET /api/ipam/ranges/:id/addresses?status=allocated&page=1200&pageSize=50 costs the database).
 * Compares the plain OFFSET query (each skipped row read in full) with `listRows`, which finds the
 * page's first offset on the (rangeId, status, offset) index and reads the page from there. Prints
 * MariaDB's EXPLAIN of both.
 *
 * Run: npx tsx --tsconfig backend/tsconfig.json bench/ipam-deep-page.bench.ts
 * Env: BENCH_SECONDS (10), DATABASE_SERVER (mysql://root@127.0.0.1:3306). Throwaway database.
 */
import { randomUUID } from 'node:crypto';
import * as mariadb from 'mariadb';
import {
  createPrismaClient,
  type PrismaService,
} from '../backend/src/common/prisma/prisma.service';
import { parseDatabaseUrl } from '../backend/src/database/migrator';
import { IpamRepository } from '../backend/src/modules/ipam/ipam.repository';
import { benchDatabase, percentile, runBench } from './lib/processes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = 20;
const PAGE = 1200;
const PAGE_SIZE = 50;
const fmt = (xs: number[]) =>
  `p50 ${percentile(xs, 50).toFixed(1)} ms  p99 ${percentile(xs, 99).toFixed(1)} ms  (n=${xs.length})`;

async function closedLoop(fn: () => Promise<unknown>): Promise<number[]> {
  const lat: number[] = [];
  let errors = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < end) {
        const s = performance.now();
        try {
          await fn();
          lat.push(performance.now() - s);
        } catch {
          errors++;
        }
      }
    }),
  );
  if (errors) console.log(`  ${errors} request(s) failed (e.g. the connection pool timed out)`);
  return lat.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const db = await benchDatabase('ipamdeep');
  const prisma = createPrismaClient(db.url);
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

    const repo = new IpamRepository(prisma as unknown as PrismaService);
    const where = { rangeId, status: 'allocated' as const };
    const check = await repo.listRows(null, rangeId, { status: 'allocated' }, skip, PAGE_SIZE);
    if (check.rows.length !== PAGE_SIZE || Number(check.rows[0].offset) !== skip)
      throw new Error(`listRows answered the wrong page: ${check.rows[0]?.offset}`);

    // warm-up, then each variant
    await closedLoop(() => repo.listRows(null, rangeId, { status: 'allocated' }, skip, PAGE_SIZE));
    const before = await closedLoop(() =>
      Promise.all([
        prisma.ipAddress.findMany({ where, orderBy: { offset: 'asc' }, skip, take: PAGE_SIZE }),
        prisma.ipAddress.count({ where }),
      ]),
    );
    console.log(
      `status=allocated page ${PAGE}, OFFSET query (before), ${CLIENTS} clients: ${fmt(before)}`,
    );
    const after = await closedLoop(() =>
      repo.listRows(null, rangeId, { status: 'allocated' }, skip, PAGE_SIZE),
    );
    console.log(
      `status=allocated page ${PAGE}, listRows (after), ${CLIENTS} clients: ${fmt(after)}`,
    );
  } finally {
    await prisma.$disconnect();
    await db.drop();
  }
}

runBench(main);
