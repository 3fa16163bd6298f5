/**
 * Power actions benchmark (issue 7): 500 start/stop actions queued at once (two bulk requests)
 * against the simulator, run by the real worker process. Reports the time until every job has
 * finished and proves the per-node concurrency limit held: the simulator's running tasks are
 * sampled every 5 ms per node.
 *
 * Run: npx tsx --tsconfig backend/tsconfig.json bench/power-actions.bench.ts
 * Env: BENCH_ACTIONS (500), BENCH_NODES (5), BENCH_TASK_SPEED (2: tasks run long enough for the queue to back up at the node limit),
 *      DATABASE_SERVER, REDIS_URL. The worker's per-node limit is its default (4).
 */
import { randomUUID } from 'node:crypto';
import { startSimulator } from '@multpanel/simulator';
import { hashPassword } from '../backend/src/common/crypto/password';
import { ProxmoxApi } from '../backend/src/common/proxmox';
import { createPrismaClient } from '../backend/src/common/prisma/prisma.service';
import { DEFAULT_JOBS_WORKER_OPTIONS } from '../backend/src/modules/jobs/jobs-worker.options';
import {
  backendEnv,
  benchDatabase,
  freePort,
  runBench,
  startBackend,
  stop,
  waitFor,
} from './lib/processes';

const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 500);
const NODES = Number(process.env.BENCH_NODES ?? 5);
const SPEED = Number(process.env.BENCH_TASK_SPEED ?? 2);

async function main(): Promise<void> {
  const db = await benchDatabase('power');
  const url = db.url;
  const prisma = createPrismaClient(url);
  const sim = await startSimulator({
    port: 0,
    clusters: 1,
    nodes: NODES,
    guests: ACTIONS + 20,
    quiet: true,
    taskSpeed: SPEED,
  });
  const rt = sim.runtimes[0];
  const procs: Array<ReturnType<typeof startBackend>> = [];
  try {
    const port = await freePort();
    const env = backendEnv(`${url}?connection_limit=20`, port);
    procs.push(startBackend('main', env), startBackend('worker', env));
    const base = `http://127.0.0.1:${port}`;
    const password = 'bench-password-1';
    const email = `root-${randomUUID().slice(0, 8)}@bench.local`;
    await prisma.user.create({
      data: {
        email,
        name: 'Bench',
        role: 'super_admin',
        passwordHash: await hashPassword(password),
        status: 'active',
      },
    });
    await waitFor(async () => (await fetch(`${base}/api/health`)).status > 0, 90_000, 'the API');
    const login = (await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    }).then((r) => r.json())) as { accessToken: string };
    const auth = {
      Authorization: `Bearer ${login.accessToken}`,
      'content-type': 'application/json',
    };

    const c = sim.clusters[0];
    const root = ProxmoxApi.create({
      endpoints: [c.url],
      fingerprint: c.fingerprint,
      auth: { type: 'password', username: 'root@pam', password: 'sim-password' },
    });
    const token = await root.createApiToken('root@pam', 'bench', { privsep: false });
    root.close();
    const created = await fetch(`${base}/api/clusters`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        name: 'bench',
        endpoints: [{ url: c.url, fingerprint: c.fingerprint }],
        credentials: { type: 'token', tokenId: token['full-tokenid'], secret: token.value },
        tags: [],
      }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    await waitFor(
      async () => (await prisma.guest.count({ where: { clusterId: created.id } })) >= ACTIONS,
      120_000,
      'the inventory sync',
    );
    await prisma.cluster.update({ where: { id: created.id }, data: { status: 'online' } });
    const company = await prisma.company.create({
      data: { name: 'Bench', slug: `bench-${randomUUID().slice(0, 6)}` },
    });
    const guests = await prisma.guest.findMany({
      where: { clusterId: created.id, template: false },
      take: ACTIONS,
      orderBy: { vmid: 'asc' },
    });
    await prisma.guest.updateMany({
      where: { id: { in: guests.map((g) => g.id) } },
      data: { companyId: company.id },
    });
    const running = guests.filter((g) => g.status === 'running').map((g) => g.id);
    const stopped = guests.filter((g) => g.status !== 'running').map((g) => g.id);

    // Sample the simulator: running tasks per node.
    const maxPerNode = new Map<string, number>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const per = new Map<string, number>();
        for (const t of rt.state.tasks)
          if (t.status === 'running') per.set(t.node, (per.get(t.node) ?? 0) + 1);
        for (const [n, v] of per) maxPerNode.set(n, Math.max(maxPerNode.get(n) ?? 0, v));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    const t0 = performance.now();
    const bulk = (ids: string[], action: string) =>
      ids.length
        ? fetch(`${base}/api/vms/bulk`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ ids, action }),
          }).then(
            (r) =>
              r.json() as Promise<{
                results: Array<{ ok: boolean; job?: { id: string }; error?: unknown }>;
              }>,
          )
        : Promise.resolve({ results: [] });
    const answers = await Promise.all([bulk(running, 'stop'), bulk(stopped, 'start')]);
    const tQueued = performance.now();
    const jobIds = answers.flatMap((a) =>
      a.results.filter((r) => r.ok && r.job).map((r) => r.job!.id),
    );
    const refused = answers.flatMap((a) => a.results.filter((r) => !r.ok));
    let done = 0;
    await waitFor(
      async () => {
        done = await prisma.job.count({
          where: { id: { in: jobIds }, status: { in: ['succeeded', 'failed'] } },
        });
        return done === jobIds.length;
      },
      600_000,
      'all jobs',
    );
    const tDone = performance.now();
    sampling = false;
    await sampler;
    const failed = await prisma.job.findMany({
      where: { id: { in: jobIds }, status: 'failed' },
      select: { error: true },
      take: 5,
    });
    const limit = DEFAULT_JOBS_WORKER_OPTIONS.perNodeLimit;
    const worst = Math.max(...maxPerNode.values());
    console.log(
      `\n${jobIds.length} power jobs (${running.length} stop, ${stopped.length} start) on ${NODES} nodes, task speed ${SPEED}`,
    );
    console.log(`refused at the API: ${refused.length}`);
    console.log(`queued (both bulk requests answered): ${((tQueued - t0) / 1000).toFixed(2)} s`);
    console.log(
      `all finished:                         ${((tDone - t0) / 1000).toFixed(2)} s  (${(jobIds.length / ((tDone - t0) / 1000)).toFixed(1)} jobs/s)`,
    );
    console.log(`failed jobs: ${failed.length ? JSON.stringify(failed) : 0}`);
    console.log(
      `max simultaneous Proxmox tasks per node: ${JSON.stringify(Object.fromEntries([...maxPerNode].sort()))} (limit ${limit})`,
    );
    console.log(
      worst <= limit
        ? `PASS per-node limit held (max ${worst} ≤ ${limit})`
        : `FAIL per-node limit broken (max ${worst} > ${limit})`,
    );
  } finally {
    for (const p of procs) await stop(p);
    await sim.close();
    await prisma.$disconnect();
    await db.drop();
  }
}

runBench(main);
