/**
 * Seeding a bench database with a fleet: clusters (unreachable endpoints: no collection), companies
 * and guests spread over them, inserted through the driver's batch insert (Prisma's createMany over
 * the MariaDB adapter takes minutes for 100,000 rows), and a signed-in user.
 */
import { randomUUID } from 'node:crypto';
import * as mariadb from 'mariadb';
import { hashPassword } from '../../backend/src/common/crypto/password';
import type { createPrismaClient } from '../../backend/src/common/prisma/prisma.service';
import { parseDatabaseUrl } from '../../backend/src/database/migrator';

type Prisma = ReturnType<typeof createPrismaClient>;

export interface Fleet {
  clusters: { id: string }[];
  companies: { id: string; name: string }[];
}

export async function seedFleet(
  prisma: Prisma,
  url: string,
  opts: {
    guests: number;
    clusters: number;
    companies: number;
    /** Which company guest `i` belongs to (default: round robin). */
    companyOf?: (i: number, companies: Fleet['companies']) => string;
    /** Guest `i`'s tags as stored (JSON text; default none). */
    tags?: (i: number) => string;
  },
): Promise<Fleet> {
  const clusters = [];
  for (let i = 0; i < opts.clusters; i++) {
    clusters.push(
      await prisma.cluster.create({
        data: {
          name: `bench-${i}`,
          endpoints: [{ url: 'https://127.0.0.1:1' }],
          authType: 'token',
          authUser: 'x@pam!y',
          secret: 'enc:v1:unused',
          tags: [],
          status: 'online',
        },
      }),
    );
  }
  // Ten at a time: more at once wait on the pool's connections past its acquire timeout.
  const companies: { id: string; name: string }[] = [];
  for (let i = 0; i < opts.companies; i += 10) {
    companies.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, opts.companies - i) }, (_, j) =>
          prisma.company.create({
            data: { name: `Bench ${i + j}`, slug: `bench-${i + j}-${randomUUID().slice(0, 6)}` },
          }),
        ),
      )),
    );
  }
  const conn = await mariadb.createConnection(parseDatabaseUrl(url));
  const now = new Date();
  for (let start = 0; start < opts.guests; start += 10_000) {
    const batch = [];
    for (let i = start; i < Math.min(opts.guests, start + 10_000); i++) {
      batch.push([
        randomUUID(),
        clusters[i % clusters.length]!.id,
        100 + i,
        100 + i,
        i % 3 === 0 ? 'lxc' : 'qemu',
        `guest-${String(i).padStart(6, '0')}`,
        i % 4 === 0 ? 'stopped' : 'running',
        `pve${1 + (i % 8)}`,
        2,
        2 * 1024 ** 3,
        32 * 1024 ** 3,
        opts.tags?.(i) ?? '[]',
        opts.companyOf?.(i, companies) ?? companies[i % companies.length]!.id,
        '0000000000000000',
        now,
      ]);
    }
    await conn.batch(
      'INSERT INTO Guest (id, clusterId, vmid, activeVmid, kind, name, status, node, maxcpu, maxmem, maxdisk, tags, companyId, syncHash, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      batch,
    );
  }
  await conn.query('ANALYZE TABLE Guest');
  await conn.end();
  return { clusters, companies };
}

/** A user with a password, signed in through the API: its bearer header. */
export async function signedIn(
  prisma: Prisma,
  base: string,
  user: { role: 'super_admin' | 'company_admin'; companyId?: string },
): Promise<Record<string, string>> {
  const password = 'bench-password-1';
  const email = `${user.role}-${randomUUID().slice(0, 8)}@bench.local`;
  await prisma.user.create({
    data: {
      email,
      name: 'Bench user',
      role: user.role,
      companyId: user.companyId ?? null,
      passwordHash: await hashPassword(password),
      status: 'active',
    },
  });
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (!body.accessToken) throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`);
  return { Authorization: `Bearer ${body.accessToken}` };
}
