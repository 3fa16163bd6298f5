/*
 * Console relay benchmark: throughput and added latency of the platform's WebSocket relay versus a
 * direct WebSocket to the same upstream, in the same run.
 *
 *   npx tsx bench/console-relay.bench.ts [--mib 128] [--rounds 5] [--pings 2000]
 *
 * Topology, as in production: the upstream is a TLS WebSocket server (Proxmox's vncwebsocket); the
 * direct client talks to it over TLS; the relayed client talks plain WebSocket to the relay (Nginx
 * terminates TLS in front of it) and the relay talks TLS to the upstream. The relay leg uses the
 * very functions the API runs: its own handshakes (`acceptUpgrade`, `connectUpstream`) and the
 * raw frame pipe (`relaySockets`).
 * Goal: relay ≥ 90 % of direct throughput, ≤ 0.5 ms added median round-trip latency.
 * In production the browser, the API host and Proxmox are three machines. Here all three share one
 * box, and on two cores the relayed path's third busy process mostly measures the scheduler. So by
 * default (`--topology both`) the run is made twice: `pinned` models production (client and
 * upstream pinned to core 0 in both paths, the relay alone on core 1) and is the figure the goal is
 * judged on; `shared` lets the OS place all three anywhere (the contention figure). The relay's CPU
 * cost per MiB is printed too: almost all of it is the TLS decryption the direct client pays itself.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import os from 'node:os';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { relaySockets } from '../backend/src/modules/console/raw-relay';
import { acceptUpgrade, connectUpstream } from '../backend/src/modules/console/ws-handshake';
import { makeCertificate } from '../simulator/src/cert';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const MIB = Number(args.get('mib') ?? 128);
const ROUNDS = Number(args.get('rounds') ?? 7);
const PINGS = Number(args.get('pings') ?? 2000);
const CHUNK = 64 * 1024;
const TOPOLOGY = args.get('topology') ?? 'both';
type Topology = 'pinned' | 'shared';

/** Restricts a process (all its threads) to one CPU, or lets it run anywhere again. */
function pin(pid: number, cpu: number | 'any'): void {
  const list = cpu === 'any' ? `0-${os.cpus().length - 1}` : String(cpu);
  execFileSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'ignore' });
}

/**
 * Upstream: `stream:<bytes>` → that many bytes in 64 KiB frames, paced by write completion (at most
 * 8 frames queued); anything else is echoed. The relay forwards the frames unchanged.
 */
async function startUpstream(): Promise<{ url: string; close: () => Promise<void> }> {
  const { key, cert } = makeCertificate(['localhost', '127.0.0.1']);
  const server = https.createServer({ key, cert });
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  const payload = Buffer.alloc(CHUNK, 0x5a);
  wss.on('connection', (ws) => {
    ws.on('message', (data: Buffer) => {
      if (data.length > 32 || !data.toString('latin1').startsWith('stream:')) {
        ws.send(data, { binary: true });
        return;
      }
      let left = Number(data.toString('latin1').slice(7));
      let inFlight = 0;
      const pump = () => {
        while (left > 0 && inFlight < 8) {
          const n = Math.min(CHUNK, left);
          left -= n;
          inFlight++;
          ws.send(n === CHUNK ? payload : payload.subarray(0, n), { binary: true }, () => {
            inFlight--;
            pump();
          });
        }
      };
      pump();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `wss://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => server.close(() => resolve()));
      }),
  };
}

/**
 * The relay, as the API runs it: its own WebSocket handshakes on both legs (`acceptUpgrade`,
 * `connectUpstream` over TLS), then `relaySockets` pipes the frames unchanged.
 */
async function startRelay(
  upstreamUrl: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer();
  const sockets = new Set<Duplex>();
  const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: false, maxSockets: 1 });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!acceptUpgrade(req, socket)) return;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    connectUpstream({ url: upstreamUrl, agent }, 10_000).then(
      (up) =>
        relaySockets(
          { socket, initial: head },
          { socket: up.socket, initial: up.head },
          { idleTimeoutMs: 60_000 },
          () => undefined,
        ),
      () => socket.destroy(),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function connect(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, ['binary'], {
    perMessageDeflate: false,
    rejectUnauthorized: false,
  });
  await once(ws, 'open');
  return ws;
}

/** MiB/s received for a `bytes`-long stream from the upstream. */
async function throughput(url: string, bytes: number): Promise<number> {
  const ws = await connect(url);
  let got = 0;
  const done = new Promise<void>((resolve) =>
    ws.on('message', (d: Buffer) => {
      got += d.length;
      if (got >= bytes) resolve();
    }),
  );
  const t0 = process.hrtime.bigint();
  ws.send(`stream:${bytes}`);
  await done;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  ws.close();
  if (got !== bytes) throw new Error(`received ${got} of ${bytes} bytes`);
  return bytes / (1024 * 1024) / seconds;
}

/** Round-trip times (ms) of small messages, one in flight at a time (like keystrokes). */
async function latencies(url: string, count: number): Promise<number[]> {
  const ws = await connect(url);
  const msg = Buffer.alloc(16, 1);
  const out: number[] = [];
  for (let i = 0; i < count + 100; i++) {
    const t0 = process.hrtime.bigint();
    ws.send(msg, { binary: true });
    await once(ws, 'message');
    if (i >= 100) out.push(Number(process.hrtime.bigint() - t0) / 1e6); // first 100 warm up
  }
  ws.close();
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)];

async function measure(topology: Topology) {
  const log = (m: string) => process.env.BENCH_DEBUG && console.error(m);
  // Client, relay and upstream each get their own process (and event loop), as in production.
  const upstream = await spawnRole(['--role', 'upstream']);
  log(`upstream ${upstream.url}`);
  const relay = await spawnRole(['--role', 'relay', '--upstream', upstream.url]);
  log(`relay ${relay.url}`);
  const pinned = topology === 'pinned';
  pin(process.pid, pinned ? 0 : 'any');
  pin(upstream.pid, pinned ? 0 : 'any');
  pin(relay.pid, pinned ? os.cpus().length - 1 : 'any');
  const bytes = MIB * 1024 * 1024;
  try {
    log(`warm-up direct ${await throughput(upstream.url, 8 << 20)}`); // warm-up both paths
    log(`warm-up relay ${await throughput(relay.url, 8 << 20)}`);
    const direct: number[] = [];
    const relayed: number[] = [];
    let relayCpuMs = 0;
    const viaRelay = async () => {
      const before = await relay.cpuMs();
      relayed.push(await throughput(relay.url, bytes));
      relayCpuMs += (await relay.cpuMs()) - before;
    };
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate the order so neither path always runs on a warmer machine.
      if (r % 2 === 0) {
        direct.push(await throughput(upstream.url, bytes));
        await viaRelay();
      } else {
        await viaRelay();
        direct.push(await throughput(upstream.url, bytes));
      }
    }
    const cpuMsPerMiB = relayCpuMs / (MIB * ROUNDS);
    const latDirect = await latencies(upstream.url, PINGS);
    const latRelay = await latencies(relay.url, PINGS);

    const tDirect = median(direct);
    const tRelay = median(relayed);
    const ratio = tRelay / tDirect;
    const added = median(latRelay) - median(latDirect);
    return {
      topology,
      throughputMiBs: {
        direct: +tDirect.toFixed(1),
        relay: +tRelay.toFixed(1),
        ratio: +ratio.toFixed(3),
        // The relay process's own cost: what one core could relay if it did nothing else.
        relayCpuMsPerMiB: +cpuMsPerMiB.toFixed(2),
        relayCeilingPerCore: +(1000 / cpuMsPerMiB).toFixed(0),
        // That ceiling against the direct path's throughput. In the relayed path the client reads
        // plain WebSocket (Nginx's TLS is not modelled), so its core does less work than the direct
        // client's; this figure does not depend on that: ≥ 1 means one relay core keeps up with
        // what a client and Proxmox can exchange directly.
        ceilingToDirect: +(1000 / cpuMsPerMiB / tDirect).toFixed(3),
      },
      latencyMs: {
        direct: { p50: +median(latDirect).toFixed(3), p99: +pct(latDirect, 0.99).toFixed(3) },
        relay: { p50: +median(latRelay).toFixed(3), p99: +pct(latRelay, 0.99).toFixed(3) },
        addedP50: +added.toFixed(3),
      },
    };
  } finally {
    await relay.close();
    await upstream.close();
  }
}

async function main(): Promise<void> {
  const topologies: Topology[] =
    TOPOLOGY === 'both' ? ['pinned', 'shared'] : [TOPOLOGY as Topology];
  if (os.cpus().length < 2 && topologies.includes('pinned'))
    throw new Error('the pinned topology needs at least two CPUs (use --topology shared)');
  const runs = [];
  for (const t of topologies) runs.push(await measure(t));
  const judged = runs[0];
  const met = judged.throughputMiBs.ratio >= 0.9 && judged.latencyMs.addedP50 <= 0.5;
  console.log(
    JSON.stringify(
      {
        node: process.version,
        machine: { cpus: os.cpus().length, loadavg1: +os.loadavg()[0].toFixed(1) },
        streamMiB: MIB,
        rounds: ROUNDS,
        runs,
        goals: { judgedOn: judged.topology, throughputRatioMin: 0.9, addedLatencyMaxMs: 0.5, met },
      },
      null,
      2,
    ),
  );
  if (!met) process.exitCode = 1;
}

/** Runs this file again in a child process in the given role; resolves with the URL it serves. */
async function spawnRole(roleArgs: string[]): Promise<{
  url: string;
  pid: number;
  cpuMs: () => Promise<number>;
  close: () => Promise<void>;
}> {
  const child: ChildProcess = fork(__filename, roleArgs, { execArgv: process.execArgv });
  const [msg] = (await once(child, 'message')) as [{ url: string }];
  return {
    url: msg.url,
    pid: child.pid!,
    /** CPU time (user + system) the child has used so far. */
    cpuMs: async () => {
      child.send('cpu');
      const [reply] = (await once(child, 'message')) as [{ cpuMs: number }];
      return reply.cpuMs;
    },
    close: async () => {
      child.kill();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

async function serveRole(role: string): Promise<void> {
  const served =
    role === 'upstream' ? await startUpstream() : await startRelay(args.get('upstream')!);
  process.send!({ url: served.url });
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send!({ cpuMs: (user + system) / 1000 });
  });
  process.on('SIGTERM', () => void served.close().then(() => process.exit(0)));
}

const role = args.get('role');
if (role) void serveRole(role);
else void main();
