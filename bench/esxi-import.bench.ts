/**
 * ESXi import benchmark (issue 22): a migration project's wave of 20 VMs imported through the
 * simulator's esxi storage (import-metadata, then POST /nodes/{node}/qemu with import-from disks), by
 * the real API and worker processes. Reports the time to plan and queue the wave (the run request),
 * the time until every import job has finished, and the most import tasks seen at once on the node
 * (the worker's per-node limit paces them).
 *
 * Run: npx tsx --tsconfig backend/tsconfig.json bench/esxi-import.bench.ts
 * Env: BENCH_VMS (20), BENCH_DISKS (2 disks per VM), BENCH_TASK_SPEED (1: the simulator's import
 *      task takes 1.5 s × speed), BENCH_DB_CONNECTIONS (5 per process: the database is shared),
 *      DATABASE_SERVER, REDIS_URL.
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

const VMS = Number(process.env.BENCH_VMS ?? 20);
const DISKS = Number(process.env.BENCH_DISKS ?? 2);
const SPEED = Number(process.env.BENCH_TASK_SPEED ?? 1);
const HOST = 'esx-bench.test';

async function main(): Promise<void> {
  const db = await benchDatabase('esxi-import');
  const prisma = createPrismaClient(db.url);
  const sim = await startSimulator({
    port: 0,
    clusters: 1,
    nodes: 3,
    guests: 10,
    quiet: true,
    taskSpeed: SPEED,
  });
  const rt = sim.runtimes[0];
  const procs: Array<ReturnType<typeof startBackend>> = [];
  try {
    const port = await freePort();
    const env = backendEnv(
      `${db.url}?connection_limit=${process.env.BENCH_DB_CONNECTIONS ?? 5}`,
      port,
    );
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
    const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const r = await fetch(`${base}${path}`, {
        method,
        headers: auth,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await r.json()) as T;
      if (r.status >= 300)
        throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
      return json;
    };

    const c = sim.clusters[0];
    const root = ProxmoxApi.create({
      endpoints: [c.url],
      fingerprint: c.fingerprint,
      auth: { type: 'password', username: 'root@pam', password: 'sim-password' },
    });
    const token = await root.createApiToken('root@pam', 'bench', { privsep: false });
    root.close();
    const cluster = await call<{ id: string }>('POST', '/api/clusters', {
      name: 'bench',
      endpoints: [{ url: c.url, fingerprint: c.fingerprint }],
      credentials: { type: 'token', tokenId: token['full-tokenid'], secret: token.value },
      tags: [],
    });
    await prisma.cluster.update({ where: { id: cluster.id }, data: { status: 'online' } });
    const company = await prisma.company.create({
      data: { name: 'Bench', slug: `bench-${randomUUID().slice(0, 6)}` },
    });
    const source = await call<{ id: string }>('POST', '/api/esxi-sources', {
      companyId: company.id,
      name: 'bench esx',
      host: HOST,
      username: 'root',
      password: 'esx-password',
    });
    await prisma.esxiSource.update({
      where: { id: source.id },
      data: { fingerprint: 'AB:'.repeat(31) + 'AB' },
    });
    // The host's VMs: what discovery stored, and what the esxi storage on Proxmox lists.
    const names = Array.from({ length: VMS }, (_v, i) => `bench${String(i + 1).padStart(3, '0')}`);
    const vms = [];
    for (const [i, name] of names.entries()) {
      const mac = `00:50:56:bb:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;
      vms.push(
        await prisma.esxiVm.create({
          data: {
            sourceId: source.id,
            companyId: company.id,
            moref: `vm-${i + 1}`,
            name,
            cpus: 1,
            memoryMb: 512,
            powerState: 'poweredOff',
            ipAddresses: [],
            disks: Array.from({ length: DISKS }, (_d, k) => ({
              label: `Hard disk ${k + 1}`,
              fileName: `[LocalDS_0] ${name}/${name}${k ? `_${k}` : ''}.vmdk`,
              datastore: 'LocalDS_0',
              capacityBytes: 4 * 1024 ** 3,
              thin: true,
            })),
            nics: [{ label: 'nic', model: 'vmxnet3', mac, network: 'VM Network', connected: true }],
            vmxPath: `[LocalDS_0] ${name}/${name}.vmx`,
            discoveredAt: new Date(),
          },
        }),
      );
      rt.state.esxiGuests.push({
        server: HOST,
        path: `ha-datacenter/LocalDS_0/${name}/${name}.vmx`,
        name,
        cores: 1,
        memory: 512,
        disks: Array.from({ length: DISKS }, () => 4),
        ostype: 'l26',
        firmware: 'bios',
        power: 'poweredOff',
        nics: [{ model: 'vmxnet3', macaddr: mac }],
      });
    }
    const project = await call<{ id: string }>('POST', '/api/esxi-projects', {
      sourceId: source.id,
      name: 'bench wave',
      clusterId: cluster.id,
      node: 'pve1',
      storage: 'local-lvm',
      networks: [{ bridge: 'vmbr0' }],
    });
    await call('PUT', `/api/esxi-projects/${project.id}/vms`, {
      vms: vms.map((v) => ({ esxiVmId: v.id, wave: 1 })),
    });

    let maxTasks = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const n = rt.state.tasks.filter(
          (t) => t.status === 'running' && t.type === 'qmcreate',
        ).length;
        maxTasks = Math.max(maxTasks, n);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const t0 = performance.now();
    const run = await call<{
      started: number;
      refused: number;
      project: { vms: Array<{ jobId: string | null }> };
    }>('POST', `/api/esxi-projects/${project.id}/waves/1/run`, {});
    const tQueued = performance.now();
    const jobIds = run.project.vms.flatMap((v) => (v.jobId ? [v.jobId] : []));
    await waitFor(
      async () =>
        (await prisma.job.count({
          where: { id: { in: jobIds }, status: { in: ['succeeded', 'failed', 'cancelled'] } },
        })) === jobIds.length,
      600_000,
      'all imports',
    );
    const tDone = performance.now();
    sampling = false;
    await sampler;
    const failed = await prisma.job.count({ where: { id: { in: jobIds }, status: 'failed' } });
    const report = await call<{ vms: Array<{ durationSeconds: number | null; status: string }> }>(
      'GET',
      `/api/esxi-projects/${project.id}`,
    );
    const durations = report.vms.map((v) => v.durationSeconds ?? 0).sort((a, b) => a - b);
    const created = [...rt.state.guests.values()].filter((g) =>
      Object.values(g.config).some((v) => /^local-lvm:vm-\d+-disk-\d+,size=4G$/.test(String(v))),
    ).length;
    const limit = DEFAULT_JOBS_WORKER_OPTIONS.perNodeLimit;
    console.log(
      `\nwave of ${VMS} VMs × ${DISKS} disks (4 GiB each) into pve1/local-lvm, task speed ${SPEED}`,
    );
    console.log(`started ${run.started}, refused ${run.refused}, failed ${failed}`);
    console.log(
      `run request (plan + queue ${VMS} imports): ${((tQueued - t0) / 1000).toFixed(2)} s`,
    );
    console.log(
      `all imports finished:                    ${((tDone - t0) / 1000).toFixed(2)} s  (${(jobIds.length / ((tDone - t0) / 1000)).toFixed(2)} VMs/s)`,
    );
    console.log(
      `per-VM import job duration: median ${durations[Math.floor(durations.length / 2)]} s, max ${durations[durations.length - 1]} s`,
    );
    console.log(`guests on the simulator with imported disks: ${created}`);
    console.log(
      maxTasks <= limit
        ? `PASS per-node limit held (max ${maxTasks} import tasks at once ≤ ${limit})`
        : `FAIL per-node limit broken (max ${maxTasks} > ${limit})`,
    );
  } finally {
    for (const p of procs) await stop(p);
    await sim.close();
    await prisma.$disconnect();
    await db.drop();
  }
}

runBench(main);
