/**
 * Scale bench: 10 clusters × 10,000 guests in one process; times GET /cluster/resources.
 * Run: npx tsx simulator/bench/resources.bench.ts [clusters] [guestsPerCluster]
 */
import https from 'node:https';
import os from 'node:os';
import { startSimulator } from '../src';

const clusters = Number(process.argv[2] ?? 10);
const guests = Number(process.argv[3] ?? 10000);

function get(
  url: string,
  headers: Record<string, string>,
  agent: https.Agent,
  ca: string,
): Promise<{ ms: number; bytes: number; status: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    https
      .get(url, { headers, agent, ca }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () =>
          resolve({ ms: performance.now() - t0, bytes, status: res.statusCode ?? 0 }),
        );
      })
      .on('error', reject);
  });
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main(): Promise<void> {
  const t0 = performance.now();
  const sim = await startSimulator({ clusters, guests, quiet: true, consoleQemu: false });
  const startMs = performance.now() - t0;
  const mem = process.memoryUsage();
  console.log(
    `load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs`,
  );
  console.log(
    `started ${clusters} clusters × ${guests} guests in ${startMs.toFixed(0)} ms; rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );

  const agent = new https.Agent({ keepAlive: true });
  for (const [i, c] of sim.clusters.entries()) {
    if (i > 1 && i !== sim.clusters.length - 1) continue; // sample first, second and last cluster
    const login = await fetchTicket(c.url, agent, c.certPem);
    const headers = { Cookie: `PVEAuthCookie=${encodeURIComponent(login)}` };
    for (const query of ['', '?type=vm']) {
      const url = `${c.url}/api2/json/cluster/resources${query}`;
      for (let w = 0; w < 3; w++) await get(url, headers, agent, c.certPem);
      const times: number[] = [];
      const cpu: number[] = [];
      let bytes = 0;
      for (let n = 0; n < 20; n++) {
        const c0 = process.cpuUsage();
        const r = await get(url, headers, agent, c.certPem);
        const dc = process.cpuUsage(c0);
        cpu.push((dc.user + dc.system) / 1000);
        if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
        times.push(r.ms);
        bytes = r.bytes;
      }
      const cold: number[] = [];
      const coldCpu: number[] = [];
      for (let n = 0; n < 10; n++) {
        sim.runtimes[i].version++; // pretend the world changed: rows are rebuilt
        const c0 = process.cpuUsage();
        cold.push((await get(url, headers, agent, c.certPem)).ms);
        const dc = process.cpuUsage(c0);
        coldCpu.push((dc.user + dc.system) / 1000);
      }
      console.log(
        `${c.name} GET /cluster/resources${query} after a change: median ${pct(cold, 50).toFixed(1)} ms, max ${Math.max(...cold).toFixed(1)} ms, CPU median ${pct(coldCpu, 50).toFixed(1)} ms`,
      );
      console.log(
        `${c.name} GET /cluster/resources${query}: median ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms, CPU (server+client) median ${pct(cpu, 50).toFixed(1)} ms, ${(bytes / 2 ** 20).toFixed(1)} MiB`,
      );
    }
  }
  agent.destroy();
  await sim.close();
}

async function fetchTicket(base: string, agent: https.Agent, ca: string): Promise<string> {
  const body = new URLSearchParams({ username: 'root@pam', password: 'sim-password' }).toString();
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${base}/api2/json/access/ticket`,
      {
        method: 'POST',
        agent,
        ca,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve((JSON.parse(text) as { data: { ticket: string } }).data.ticket),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
