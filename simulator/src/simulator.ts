import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type https from 'node:https';
import { TicketSigner } from './auth/tickets';
import { makeCertificate, useCertificate, type CertBundle } from './cert';
import { createConsoleService } from './console-bridge';
import { buildRouter } from './routes';
import { ClusterRuntime, type Faults } from './runtime';
import { loadPveSchema } from './schema/schema-loader';
import { createServer } from './server';
import { generateCluster } from './world/generate';
import { loadWorld, saveWorld } from './world/persistence';
import type { ClusterState } from './world/types';

export interface SimulatorOptions {
  /** first port; cluster i listens on port+i. 0 (default) = ephemeral ports */
  port?: number;
  host?: string;
  clusters?: number;
  nodes?: number;
  /** guests per cluster (VMs, containers and templates) */
  guests?: number;
  /** root@pam password */
  password?: string;
  seed?: number;
  /** JSON file the world is loaded from and saved to */
  state?: string;
  quiet?: boolean;
  /** multiplier on simulated task durations (default 1; 0 = instant) */
  taskSpeed?: number;
  /** delay before 401 answers in ms (real PVE: ~3000; default 0) */
  authFailDelayMs?: number;
  /** serve QEMU consoles from a real qemu-system-x86_64 when installed (default true) */
  consoleQemu?: boolean;
  /** record which parameters each handler reads (see RunningSimulator.paramReads) */
  trackParams?: boolean;
  /** also an OPNsense appliance template (VMID 9010) per cluster, as the demo world has */
  applianceTemplates?: boolean;
}

export interface SimulatedCluster {
  name: string;
  port: number;
  url: string;
  fingerprint: string;
  /** PEM of this cluster's certificate, for clients that want to trust it */
  certPem: string;
}

export interface RunningSimulator {
  clusters: SimulatedCluster[];
  /** in-process access to each cluster's world, for tests and tooling */
  runtimes: ClusterRuntime[];
  /** "METHOD /template" → parameter names handlers read; only with trackParams */
  paramReads?: Map<string, Set<string>>;
  /** registered "METHOD /template" routes */
  routes: Array<{ method: string; path: string }>;
  /** PEM of the first cluster's self-signed certificate (each cluster has its own: clusters[i].certPem) */
  certPem: string;
  close(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const count = opts.clusters ?? 1;
  const seed = opts.seed ?? 1;
  const schema = loadPveSchema();
  const router = buildRouter();

  const saved = opts.state ? loadWorld(opts.state) : undefined;
  const certHosts = ['localhost', host === '0.0.0.0' ? '127.0.0.1' : host];
  const secret = saved?.secret ?? randomBytes(32);
  const states: ClusterState[] = saved?.clusters ?? [];
  for (let i = states.length; i < count; i++)
    states.push(
      generateCluster({
        name: `sim-cluster-${i + 1}`,
        index: i + 1,
        nodes: opts.nodes ?? 3,
        guests: opts.guests ?? 30,
        seed,
        applianceTemplates: opts.applianceTemplates,
      }),
    );

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    if (opts.state) saveWorld(opts.state, secret, certs, states);
  };
  const scheduleSave = () => {
    if (!opts.state || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      save();
    }, 500);
    saveTimer.unref?.();
  };

  const paramReads = opts.trackParams ? new Map<string, Set<string>>() : undefined;
  // every cluster has its own self-signed certificate (and fingerprint), kept in the state file
  const certs: CertBundle[] = states.slice(0, count).map((st, i) => {
    if (saved?.certs[i]) useCertificate(saved.certs[i], `cluster-${i + 1}`);
    return makeCertificate([...certHosts, st.name], `cluster-${i + 1}`);
  });
  const servers: https.Server[] = [];
  const runtimes: ClusterRuntime[] = [];
  const clusters: SimulatedCluster[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const cert = certs[i];
      const faults: Partial<Faults> = { speed: opts.taskSpeed ?? 1 };
      const rt = new ClusterRuntime(
        states[i],
        // each cluster signs with its own key, so a ticket from one cluster is refused by another
        new TicketSigner(createHmac('sha256', secret).update(states[i].name).digest()),
        opts.password ?? 'sim-password',
        faults,
        scheduleSave,
        () => cert.fingerprint,
        () => cert.cert,
      );
      rt.console = createConsoleService(host, opts.consoleQemu ?? true);
      const server = createServer(
        {
          rt,
          router,
          schema,
          authFailDelayMs: opts.authFailDelayMs ?? 0,
          quiet: opts.quiet ?? false,
          paramReads,
        },
        cert,
      );
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ? opts.port + i : 0, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      rt.port = (server.address() as AddressInfo).port;
      servers.push(server);
      runtimes.push(rt);
      const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host;
      clusters.push({
        name: states[i].name,
        port: rt.port,
        url: `https://${urlHost}:${rt.port}`,
        fingerprint: cert.fingerprint,
        certPem: cert.cert,
      });
    }
  } catch (e) {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    throw e;
  }
  for (const rt of runtimes) rt.peers = runtimes;
  save();
  // appliances of VMs that were running when the state was saved boot again
  for (const rt of runtimes)
    for (const g of rt.state.guests.values())
      if (g.status === 'running') rt.appliances.started(rt.state, g);

  return {
    clusters,
    runtimes,
    paramReads,
    routes: router.list(),
    certPem: certs[0].cert,
    async close() {
      if (saveTimer) clearTimeout(saveTimer);
      for (const rt of runtimes) rt.tasks.close();
      save();
      await Promise.all(runtimes.map((rt) => rt.console?.close() ?? Promise.resolve()));
      await Promise.all(runtimes.map((rt) => rt.appliances.closeAll()));
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections?.();
            }),
        ),
      );
    },
  };
}
