/**
 * ESXi discovery benchmark (issue 22): 1,000 VMs in vcsim read ≤ 15 s with memory flat (pages of 100
 * through RetrievePropertiesEx / ContinueRetrievePropertiesEx, never one huge document).
 *
 * Run: npx tsx --tsconfig backend/tsconfig.json bench/esxi-discovery.bench.ts
 * Env: BENCH_VMS (1000). Needs Go and govmomi (Debian: golang-go, golang-github-vmware-govmomi-dev);
 * builds test-peers/vcsim once into .cache/vcsim. Measures the discovery job's read path (the same client,
 * property paths and mapping); the database write of the inventory is not included.
 */
import { startVcsim, vcsimSkipReason } from '../backend/test/helpers/vcsim';
import {
  DATASTORE_PATHS,
  NETWORK_PATHS,
  toDiscoveredVm,
  VM_PATHS,
  type DiscoveredVm,
} from '../backend/src/modules/esxi/esxi-inventory';
import { DISCOVERY_PAGE_SIZE } from '../backend/src/modules/esxi/esxi.service';
import { VsphereClient } from '../backend/src/modules/esxi/vsphere-client';

const VMS = Number(process.env.BENCH_VMS ?? 1000);
const mb = (n: number) => Math.round(n / 1048576);

async function main() {
  const skip = vcsimSkipReason();
  if (skip) throw new Error(`cannot run vcsim: ${skip}`);
  const sim = await startVcsim({ vms: VMS, password: 'bench' });
  try {
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const client = new VsphereClient(sim.host, sim.port, sim.fingerprint, 120_000);
    await client.login(sim.user, sim.password);
    const names = new Map<string, string>();
    for await (const page of client.objects('Network', NETWORK_PATHS, DISCOVERY_PAGE_SIZE))
      for (const o of page) names.set(o.moref, String(o.props.name));
    let datastores = 0;
    for await (const page of client.objects('Datastore', DATASTORE_PATHS, DISCOVERY_PAGE_SIZE))
      datastores += page.length;
    const vms: DiscoveredVm[] = [];
    const heapPerPage: number[] = [];
    let pageMs = 0;
    let tPage = performance.now();
    for await (const page of client.objects('VirtualMachine', VM_PATHS, DISCOVERY_PAGE_SIZE)) {
      for (const o of page) vms.push(toDiscoveredVm(o.moref, o.props, names));
      pageMs = Math.max(pageMs, performance.now() - tPage);
      heapPerPage.push(mb(process.memoryUsage().heapUsed - heap0));
      tPage = performance.now();
    }
    await client.logout();
    const seconds = (performance.now() - t0) / 1000;
    const peakRss = mb(process.memoryUsage().rss);
    const ok = vms.length === VMS && seconds <= 15;
    console.log(
      JSON.stringify(
        {
          vms: vms.length,
          datastores,
          networks: names.size,
          pages: heapPerPage.length,
          seconds: Number(seconds.toFixed(2)),
          slowestPageMs: Math.round(pageMs),
          heapGrowthMbPerPage: heapPerPage,
          rssMb: peakRss,
        },
        null,
        1,
      ),
    );
    console.log(
      `${ok ? 'PASS' : 'FAIL'}: ${vms.length} VMs discovered in ${seconds.toFixed(1)} s (target ≤ 15 s)`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await sim.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
