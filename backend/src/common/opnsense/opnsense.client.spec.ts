import https from 'node:https';
import { startOpnSim, type RunningOpnSim } from '@multpanel/simulator';
import { OpnsenseClient } from './opnsense.client';
import { OpnsenseError } from './opnsense.errors';

const KEY = 'A'.repeat(80);
const SECRET = 'B'.repeat(80);

function control(sim: RunningOpnSim, path: string, body: unknown = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${sim.url}${path}`,
      {
        method: 'POST',
        rejectUnauthorized: false,
        headers: { 'Content-Type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('OpnsenseClient against the OPNsense simulator', () => {
  let sim: RunningOpnSim;
  let client: OpnsenseClient;
  const calls: string[] = [];
  const make = (over: Partial<ConstructorParameters<typeof OpnsenseClient>[0]> = {}) =>
    new OpnsenseClient(
      {
        url: sim.url,
        key: KEY,
        secret: SECRET,
        fingerprint: sim.fingerprint,
        label: 'fw-test',
        ...over,
      },
      { retryBaseMs: 5, timeoutMs: 3000, onRequest: (m, p) => calls.push(`${m} ${p}`) },
    );

  beforeEach(async () => {
    sim = await startOpnSim({
      quiet: true,
      users: [{ key: KEY, secret: SECRET }],
      rollbackMs: 200,
    });
    client = make();
    calls.length = 0;
  });
  afterEach(async () => {
    client.close();
    await sim.close();
  });

  it('reads the version and creates, lists, edits and deletes a port forward', async () => {
    expect(await client.version()).toBe('26.1.2');
    const uuid = await client.add('d_nat', {
      interface: 'wan',
      protocol: 'tcp',
      destination: { network: 'wanip', port: '443' },
      target: '10.20.0.10',
      'local-port': '443',
      descr: 'web',
    });
    await client.set('d_nat', uuid, { descr: 'web2' });
    const list = await client.search('d_nat');
    expect(list.rows).toEqual([
      expect.objectContaining({ uuid, descr: 'web2', target: '10.20.0.10' }),
    ]);
    expect(sim.state.runningRows('d_nat')).toEqual([]);
    await client.apply('d_nat');
    expect(sim.state.runningRows('d_nat')).toHaveLength(1);
    await client.del('d_nat', uuid);
    await client.del('d_nat', uuid); // gone already: converges
    expect((await client.search('d_nat')).total).toBe(0);
  });

  it('turns validations into OPN_VALIDATION with the fields', async () => {
    const err = await client
      .add('filter', { interface: 'lan', destination_port: '99999' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpnsenseError);
    expect((err as OpnsenseError).code).toBe('OPN_VALIDATION');
    expect((err as OpnsenseError).details.validations).toHaveProperty(['rule.destination_port']);
  });

  it('says clearly when the firewall is too old, before sending the call', async () => {
    sim.state.version = '25.7.9';
    const err = (await client.search('d_nat').catch((e: unknown) => e)) as OpnsenseError;
    expect(err.code).toBe('OPN_TOO_OLD');
    expect(err.message).toBe(
      'fw-test runs OPNsense 25.7.9; port forwards needs OPNsense 26.1 or later',
    );
    expect(calls).toEqual(['GET core/firmware/status']);
    // one-to-one NAT from 24.7, filter rules (and Kea) from 24.1: each named with its release
    const gates: Array<[string, (c: OpnsenseClient) => Promise<unknown>, string]> = [
      ['24.1.10', (c) => c.search('one_to_one'), 'one-to-one NAT needs OPNsense 24.7'],
      ['23.7.12', (c) => c.search('filter'), 'filter rules needs OPNsense 24.1'],
      ['23.7.12', (c) => c.dhcpLeases(), 'Kea DHCP leases needs OPNsense 24.1'],
    ];
    for (const [version, call, message] of gates) {
      sim.state.version = version;
      const old = make(); // the version is read once per client
      const e = (await call(old).catch((x: unknown) => x)) as OpnsenseError;
      old.close();
      expect([e.code, e.message]).toEqual([
        'OPN_TOO_OLD',
        `fw-test runs OPNsense ${version}; ${message} or later`,
      ]);
    }
    sim.state.version = '24.7';
    const c247 = make();
    expect((await c247.search('one_to_one')).total).toBe(0);
    c247.close();
    sim.state.version = '26.7';
    const c2 = make();
    const gone = (await c2.savepoint().catch((e: unknown) => e)) as OpnsenseError;
    expect(gone.code).toBe('OPN_TOO_OLD');
    expect(gone.message).toMatch(/removed in 26\.7/);
    c2.close();
  });

  it('refuses a wrong secret (OPN_AUTH) and a certificate that is not the pinned one (OPN_TLS)', async () => {
    const bad = make({ secret: 'nope' });
    expect(((await bad.version().catch((e: unknown) => e)) as OpnsenseError).code).toBe('OPN_AUTH');
    bad.close();
    const other = make({ fingerprint: 'AA:'.repeat(31) + 'AA' });
    expect(((await other.version().catch((e: unknown) => e)) as OpnsenseError).code).toBe(
      'OPN_TLS',
    );
    other.close();
  });

  it('retries reads on passing faults but never a write that reached the firewall', async () => {
    await client.version();
    await control(sim, '/_sim/down');
    calls.length = 0;
    const read = (await client.search('alias').catch((e: unknown) => e)) as OpnsenseError;
    expect(read.code).toBe('OPN_UNREACHABLE');
    expect(calls).toHaveLength(3);
    calls.length = 0;
    const write = (await client
      .add('alias', { name: 'x', type: 'host' })
      .catch((e: unknown) => e)) as OpnsenseError;
    expect(write.code).toBe('OPN_UNREACHABLE');
    expect(calls).toHaveLength(1);
    await control(sim, '/_sim/up');
    expect((await client.search('alias')).total).toBe(0);
  });

  it('arms and confirms a savepoint', async () => {
    const rev = await client.savepoint();
    await client.add('filter', { interface: 'lan', action: 'pass' });
    await client.apply('filter', rev);
    await client.cancelRollback(rev);
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.state.runningRows('filter')).toHaveLength(1);
    expect(await client.revert('0.1')).toBe(false);
  });
});
