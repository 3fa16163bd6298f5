/**
 * Backup night benchmark (issue 18): one nightly schedule covering 10,000 guests on 10 simulated
 * clusters. Reports how long planning and queueing take (target ≤ 5 s: the run and its 10,000
 * results written, and the first jobs of every node (FEED_WINDOW each) written and enqueued — the
 * same `startForSchedule` the worker's due check calls, here through "run now"; later jobs are fed
 * per node as backups finish), with the rows written and queue entries added (load-independent),
 * proves the per-node limit held for the whole run (the simulators'
 * running vzdump tasks sampled every 10 ms per node), and reports how long the simulated run takes
 * and the CPU the API and worker used.
 *
 * Run: npx tsx --tsconfig backend/tsconfig.json bench/backups-night.bench.ts
 * Env: BENCH_CLUSTERS (10), BENCH_GUESTS (1000 per cluster), BENCH_NODES (3 per cluster),
 *      BENCH_TASK_SPEED (0.05: a guest's vzdump takes ~50 ms), BENCH_RATE (requests/s budget per
 *      cluster, default 10 = the platform's default), BENCH_RUN=0 (plan only), DATABASE_SERVER,
 *      REDIS_URL. The worker's per-node limit is its default (4). With BENCH_API_LOG=<file> the
 *      API's log keeps one line per planned run of 1,000+ guests with wall and CPU time per phase
 *      (select, results, jobs+enqueue).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10);
const GUESTS = Number(process.env.BENCH_GUESTS ?? 1000);
const NODES = Number(process.env.BENCH_NODES ?? 3);
const SPEED = Number(process.env.BENCH_TASK_SPEED ?? 0.05);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const RUN = process.env.BENCH_RUN !== '0';

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function main(): Promise<void> {
  const db = await benchDatabase('backups');
  const prisma = createPrismaClient(db.url);
  const sim = await startSimulator({
    port: 0,
    clusters: CLUSTERS,
    nodes: NODES,
    guests: GUESTS,
    quiet: true,
    taskSpeed: SPEED,
  });
  const procs: Array<ReturnType<typeof startBackend>> = [];
  try {
    const port = await freePort();
    const env = backendEnv(`${db.url}?connection_limit=20`, port);
    const api = startBackend('main', env);
    const worker = startBackend('worker', env);
    procs.push(api, worker);
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

    const clusterIds: string[] = [];
    for (const c of sim.clusters) {
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
          name: `bench-${c.name}`,
          endpoints: [{ url: c.url, fingerprint: c.fingerprint }],
          credentials: { type: 'token', tokenId: token['full-tokenid'], secret: token.value },
          tags: [],
        }),
      }).then((r) => r.json() as Promise<{ id: string }>);
      clusterIds.push(created.id);
    }
    // The simulator's guests include a few templates: the sync is complete when every guest (template
    // or not) is in; the schedule covers the non-templates. (Counting only non-templates against
    // CLUSTERS × GUESTS waited forever.)
    await waitFor(
      async () =>
        (await prisma.guest.count({ where: { clusterId: { in: clusterIds } } })) >=
        CLUSTERS * GUESTS,
      // a first sync of 10,000 guests takes minutes on a busy 2-core host
      3600_000,
      'the inventory sync',
    );
    const total = await prisma.guest.count({
      where: { clusterId: { in: clusterIds }, template: false },
    });
    await prisma.cluster.updateMany({
      where: { id: { in: clusterIds } },
      data: { status: 'online', requestRatePerSec: RATE, requestBurst: RATE * 2 },
    });
    const company = await prisma.company.create({
      data: { name: 'Bench', slug: `bench-${randomUUID().slice(0, 6)}` },
    });
    await prisma.guest.updateMany({
      where: { clusterId: { in: clusterIds }, template: false },
      data: { companyId: company.id },
    });
    const schedule = await fetch(`${base}/api/backup-schedules`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        companyId: company.id,
        name: 'Nightly',
        selection: { allGuests: true },
        cron: '0 2 * * *',
        timezone: 'Europe/Berlin',
        storage: 'local',
        retention: { keepLast: 3 },
      }),
    }).then((r) => r.json() as Promise<{ id: string }>);

    const maxPerNode = new Map<string, number>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        for (const [i, rt] of sim.runtimes.entries()) {
          const per = new Map<string, number>();
          for (const t of rt.state.tasks)
            if (t.type === 'vzdump' && t.status === 'running')
              per.set(t.node, (per.get(t.node) ?? 0) + 1);
          for (const [n, v] of per) {
            const key = `c${i + 1}/${n}`;
            maxPerNode.set(key, Math.max(maxPerNode.get(key) ?? 0, v));
          }
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    const cpu0 = { api: cpuSeconds(api.pid!), worker: cpuSeconds(worker.pid!) };
    const t0 = performance.now();
    const run = await fetch(`${base}/api/backup-schedules/${schedule.id}/run`, {
      method: 'POST',
      headers: auth,
    }).then((r) => r.json() as Promise<{ runId: string }>);
    const tQueued = performance.now();
    const queuedAt = new Date();
    const planned = await prisma.backupResult.count({ where: { runId: run.runId } });
    const jobs = await prisma.job.count({
      // the planning's jobs only: finished backups feed their nodes more from then on
      where: { type: 'backups.guest', companyId: company.id, createdAt: { lte: queuedAt } },
    });
    const waiting = await prisma.backupResult.count({ where: { runId: run.runId, jobId: null } });
    const cpuPlan = { api: cpuSeconds(api.pid!) - cpu0.api };
    const planSeconds = (tQueued - t0) / 1000;
    console.log(
      `\n${CLUSTERS} clusters × ${GUESTS} guests, ${NODES} nodes each, task speed ${SPEED}`,
    );
    console.log(
      `planned and queued: ${planSeconds.toFixed(2)} s (${planned} results, ${jobs} jobs; API CPU ${cpuPlan.api.toFixed(2)} s)`,
    );
    // Load-independent: rows the planning wrote (run + results + jobs) and BullMQ entries it added.
    console.log(
      `rows written: ${1 + planned + jobs} (1 run, ${planned} results, ${jobs} jobs); queue entries: ${jobs}; results waiting for a job: ${waiting}`,
    );
    console.log(
      planSeconds <= 5 && planned === total
        ? 'PASS planned and queued ≤ 5 s'
        : 'FAIL planned and queued > 5 s',
    );

    if (RUN) {
      let last = 0;
      await waitFor(
        async () => {
          const open = await prisma.backupResult.count({
            where: { runId: run.runId, status: { in: ['queued', 'running'] } },
          });
          const done = total - open;
          if (done - last >= 1000) {
            last = done;
            console.log(`  ${done} done after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
          }
          return open === 0;
        },
        3 * 3600_000,
        'the run',
      );
      const tDone = performance.now();
      const byStatus = await prisma.backupResult.groupBy({
        by: ['status'],
        where: { runId: run.runId },
        _count: { _all: true },
      });
      const cpu = {
        api: cpuSeconds(api.pid!) - cpu0.api,
        worker: cpuSeconds(worker.pid!) - cpu0.worker,
      };
      const wall = (tDone - t0) / 1000;
      console.log(
        `simulated run: ${wall.toFixed(1)} s for ${total} guests (${(total / wall).toFixed(1)} guests/s; budget ${RATE} req/s per cluster)`,
      );
      console.log(
        `results: ${JSON.stringify(Object.fromEntries(byStatus.map((b) => [b.status, b._count._all])))}`,
      );
      console.log(
        `platform CPU during the run: API ${cpu.api.toFixed(1)} s, worker ${cpu.worker.toFixed(1)} s (${((100 * (cpu.api + cpu.worker)) / wall).toFixed(0)} % of one core)`,
      );
    }
    sampling = false;
    await sampler;
    const limit = DEFAULT_JOBS_WORKER_OPTIONS.perNodeLimit;
    const worst = Math.max(0, ...maxPerNode.values());
    console.log(`max simultaneous vzdump tasks on one node: ${worst} (limit ${limit})`);
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
