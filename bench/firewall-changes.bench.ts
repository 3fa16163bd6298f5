/**
 * Firewall rule-change latency (issue 21): one port forward published as a change set, the way
 * `FirewallChangesService.apply` does it against the OPNsense simulator: savepoint, add the rule,
 * apply with the savepoint armed, check the firewall answers over a new connection, confirm
 * (cancel the rollback). Reports each step's median and p95 over BENCH_CHANGES serial changes, and
 * the same without the savepoint (OPNsense 26.7+); then the first contact of a new firewall by auth
 * method (generated API key vs. one-time bootstrap credential). Client and firewall only: the
 * API's own HTTP and database time is not in these figures.
 *
 * Run: npx tsx --tsconfig backend/tsconfig.json bench/firewall-changes.bench.ts
 * Env: BENCH_CHANGES (100).
 */
import { startOpnSim } from '@multpanel/simulator';
import { OpnsenseClient } from '../backend/src/common/opnsense';
import { toWire } from '../backend/src/modules/firewalls/firewall-rules';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 100);
const KEY = 'k'.repeat(80);
const SECRET = 's'.repeat(80);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(1));
};

async function run(version: string) {
  const sim = await startOpnSim({ quiet: true, version, users: [{ key: KEY, secret: SECRET }] });
  const conn = { url: sim.url, key: KEY, secret: SECRET, fingerprint: sim.fingerprint };
  const steps: Record<string, number[]> = {
    savepoint: [],
    write: [],
    apply: [],
    verify: [],
    confirm: [],
    total: [],
  };
  try {
    for (let i = 0; i < CHANGES; i++) {
      const client = new OpnsenseClient(conn);
      const t0 = performance.now();
      let t = t0;
      const lap = (name: string) => {
        const now = performance.now();
        steps[name]!.push(now - t);
        t = now;
      };
      const savepoints = await client.supports('firewall/filter/savepoint');
      const rev = savepoints ? await client.savepoint() : undefined;
      lap('savepoint');
      await client.add(
        'd_nat',
        toWire({
          interface: 'wan',
          protocol: 'tcp',
          'destination.network': 'wanip',
          'destination.port': String(10000 + i),
          target: '10.20.0.10',
          'local-port': '443',
        }),
      );
      lap('write');
      await client.apply('d_nat', rev);
      lap('apply');
      client.close();
      const probe = new OpnsenseClient(conn, { attempts: 1, timeoutMs: 3000 });
      await probe.call('GET', 'core/system/status', { skipVersionCheck: true });
      lap('verify');
      if (rev) await probe.cancelRollback(rev);
      lap('confirm');
      probe.close();
      steps.total!.push(performance.now() - t0);
    }
    const applied = sim.state.runningRows('d_nat').length;
    return {
      version,
      changes: CHANGES,
      rulesRunning: applied,
      ms: Object.fromEntries(
        Object.entries(steps).map(([k, v]) => [k, { p50: pct(v, 50), p95: pct(v, 95) }]),
      ),
    };
  } finally {
    await sim.close();
  }
}

/**
 * First contact by auth method, as the deploy job's api/rotate-key steps do it: `api_key` = one
 * version read with the key from config.xml; `bootstrap` = version read with the one-time
 * credential, add_api_key, version read with the issued key, del_api_key, and the check that the
 * bootstrap credential is now refused. One fresh firewall per round.
 */
async function firstContact() {
  const ms: Record<'api_key' | 'bootstrap', number[]> = { api_key: [], bootstrap: [] };
  const rounds = Math.max(5, Math.round(CHANGES / 5));
  for (let i = 0; i < rounds; i++) {
    const sim = await startOpnSim({
      quiet: true,
      users: [{ name: 'multpanel', key: KEY, secret: SECRET }],
    });
    const conn = { url: sim.url, key: KEY, secret: SECRET, fingerprint: sim.fingerprint };
    try {
      let t = performance.now();
      const plain = new OpnsenseClient(conn);
      await plain.version();
      plain.close();
      ms.api_key.push(performance.now() - t);

      t = performance.now();
      const boot = new OpnsenseClient(conn);
      await boot.version();
      const issued = await boot.addApiKey('multpanel');
      boot.close();
      const own = new OpnsenseClient({ ...conn, ...issued });
      await own.version();
      await own.delApiKey(KEY);
      own.close();
      const old = new OpnsenseClient(conn, { attempts: 1 });
      const refused = await old.version().then(
        () => false,
        () => true,
      );
      old.close();
      if (!refused) throw new Error('bootstrap credential still accepted');
      ms.bootstrap.push(performance.now() - t);
    } finally {
      await sim.close();
    }
  }
  return Object.fromEntries(
    Object.entries(ms).map(([k, v]) => [k, { rounds, p50: pct(v, 50), p95: pct(v, 95) }]),
  );
}

async function main() {
  const withSavepoint = await run('26.1.2');
  const without = await run('26.7');
  const contact = await firstContact();
  console.log(JSON.stringify([withSavepoint, without, { firstContact: contact }], null, 1));
  const ok = withSavepoint.rulesRunning === CHANGES && without.rulesRunning === CHANGES;
  console.log(
    `${ok ? 'PASS' : 'FAIL'}: ${CHANGES} port forwards applied one by one; median change ${withSavepoint.ms.total!.p50} ms with savepoint (26.1), ${without.ms.total!.p50} ms without (26.7)`,
  );
  if (!ok) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
