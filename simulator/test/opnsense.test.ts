import { DOCUMENTED_ENDPOINTS } from '../src/opnsense/documented-endpoints';
import { startOpnSim, type RunningOpnSim } from '../src/opnsense/server';
import { sha512Crypt, verifySha512Crypt } from '../src/opnsense/sha512-crypt';
import { opn } from './opn-client';

const KEY = 'k'.repeat(80);
const SECRET = 's'.repeat(80);
const AUTH: [string, string] = [KEY, SECRET];

describe('OPNsense simulator', () => {
  let sim: RunningOpnSim;
  const call = (method: string, path: string, json?: unknown) =>
    opn(sim.url, method, path, { auth: AUTH, json });

  beforeEach(async () => {
    sim = await startOpnSim({
      quiet: true,
      users: [
        { key: KEY, secret: SECRET },
        { name: 'aliases-only', key: 'ro', secret: 'ro-secret', acl: ['api/firewall/alias/*'] },
      ],
      rollbackMs: 300,
    });
  });
  afterEach(() => sim.close());

  it('serves only documented endpoints, each with its source', () => {
    const documented = new Set(DOCUMENTED_ENDPOINTS.map((e) => e.path));
    expect(sim.routes.length).toBeGreaterThan(50);
    for (const r of sim.routes) expect(documented.has(r) ? r : `undocumented: ${r}`).toBe(r);
    for (const e of DOCUMENTED_ENDPOINTS)
      expect(e.source).toMatch(/^https:\/\/docs\.opnsense\.org\/development\/api\//);
  });

  it('refuses bad credentials (401), a key outside its ACL (403), unknown endpoints (404)', async () => {
    const bad = await opn(sim.url, 'GET', '/api/firewall/alias/search_item', {
      auth: [KEY, 'wrong'],
    });
    expect(bad).toEqual({ status: 401, body: { status: 401, message: 'Authentication Failed' } });
    const none = await opn(sim.url, 'GET', '/api/core/firmware/info');
    expect(none.status).toBe(401);
    const ro = await opn(sim.url, 'GET', '/api/firewall/filter/search_rule', {
      auth: ['ro', 'ro-secret'],
    });
    expect(ro).toEqual({ status: 403, body: { status: 403, message: 'Forbidden' } });
    const roOk = await opn(sim.url, 'GET', '/api/firewall/alias/search_item', {
      auth: ['ro', 'ro-secret'],
    });
    expect(roOk.status).toBe(200);
    const unknown = await call('GET', '/api/firewall/nope/search_rule');
    expect(unknown).toEqual({ status: 404, body: { errorMessage: 'Endpoint not found' } });
  });

  it('routes snake_case and camelCase alike and rejects broken JSON', async () => {
    expect((await call('GET', '/api/firewall/dNat/searchRule')).status).toBe(200);
    expect((await call('GET', '/api/firewall/d_nat/search_rule')).status).toBe(200);
    const broken = await opn(sim.url, 'POST', '/api/firewall/alias/add_item', {
      auth: AUTH,
      raw: '{"alias":',
    });
    expect(broken).toEqual({ status: 400, body: { status: 400, message: 'Invalid JSON syntax' } });
  });

  it('reports its version and hides endpoints the version lacks', async () => {
    const info = await call('GET', '/api/core/firmware/status');
    expect(info.body.product.product_version).toBe('26.1.2');
    expect((await call('GET', '/api/firewall/filter/search_rule')).status).toBe(200);
    sim.state.version = '25.7.9';
    expect((await call('GET', '/api/firewall/d_nat/search_rule')).status).toBe(404);
    expect((await call('GET', '/api/firewall/one_to_one/search_rule')).status).toBe(200);
    sim.state.version = '24.1';
    expect((await call('GET', '/api/firewall/one_to_one/search_rule')).status).toBe(404);
    sim.state.version = '26.7';
    expect((await call('POST', '/api/firewall/filter/savepoint')).status).toBe(404);
  });

  it('adds, validates, renders options, searches, toggles and deletes like the MVC base', async () => {
    const empty = await call('POST', '/api/firewall/filter/add_rule');
    expect(empty.body).toEqual({ result: 'failed' });
    const invalid = await call('POST', '/api/firewall/filter/add_rule', {
      rule: { action: 'allow', destination_port: '70000', interface: 'lan' },
    });
    expect(invalid.body.result).toBe('failed');
    expect(Object.keys(invalid.body.validations).sort()).toEqual([
      'rule.action',
      'rule.destination_port',
    ]);
    const added = await call('POST', '/api/firewall/filter/add_rule', {
      rule: { action: 'pass', interface: 'lan', destination_port: '443', description: 'web' },
    });
    expect(added.body).toEqual({ result: 'saved', uuid: expect.any(String) });
    const got = await call('GET', `/api/firewall/filter/get_rule/${added.body.uuid}`);
    expect(got.body.rule.action.pass).toEqual({ value: 'pass', selected: 1 });
    expect(got.body.rule.ipprotocol.inet.selected).toBe(1);
    const list = await call('POST', '/api/firewall/filter/search_rule', { searchPhrase: 'web' });
    expect(list.body).toMatchObject({ total: 1, rowCount: 1, current: 1 });
    expect(list.body.rows[0]).toMatchObject({ uuid: added.body.uuid, destination_port: '443' });
    const viaGet = await call('GET', '/api/firewall/filter/add_rule');
    expect(viaGet).toEqual({ status: 200, body: { result: 'failed' } });
    const toggled = await call('POST', `/api/firewall/filter/toggle_rule/${added.body.uuid}/0`);
    expect(toggled.body).toEqual({ result: 'Disabled', changed: true });
    const del = await call('POST', `/api/firewall/filter/del_rule/${added.body.uuid}`);
    expect(del.body).toEqual({ result: 'deleted' });
    const again = await call('POST', `/api/firewall/filter/del_rule/${added.body.uuid}`);
    expect(again.body).toEqual({ result: 'not found' });
  });

  it('keeps changes pending until apply and refuses to delete an alias in use', async () => {
    const alias = await call('POST', '/api/firewall/alias/add_item', {
      alias: { name: 'web', type: 'host', content: '10.0.0.10\n10.0.0.11' },
    });
    expect(alias.body.result).toBe('saved');
    const dup = await call('POST', '/api/firewall/alias/add_item', {
      alias: { name: 'web', type: 'host' },
    });
    expect(dup.body.validations['alias.name']).toMatch(/exists/);
    expect((await call('GET', '/api/firewall/alias/get_alias_u_u_i_d/web')).body).toEqual({
      uuid: alias.body.uuid,
    });
    const pf = await call('POST', '/api/firewall/d_nat/add_rule', {
      rule: {
        interface: 'wan',
        protocol: 'tcp',
        destination: { network: 'wanip', port: '443' },
        target: 'web',
        'local-port': '443',
        descr: 'publish',
      },
    });
    expect(pf.body.result).toBe('saved');
    const row = (await call('GET', '/api/firewall/d_nat/search_rule')).body.rows[0];
    expect(row['destination.port']).toBe('443');
    const state = await opn(sim.url, 'GET', '/_sim/state');
    expect(state.body.pending.d_nat).toBe(true);
    expect(state.body.running.d_nat).toEqual([]);
    expect((await call('POST', '/api/firewall/d_nat/apply')).body).toEqual({ status: 'OK\n\n' });
    const after = await opn(sim.url, 'GET', '/_sim/state');
    expect(after.body.pending.d_nat).toBe(false);
    expect(after.body.running.d_nat).toHaveLength(1);
    const inUse = await call('POST', `/api/firewall/alias/del_item/${alias.body.uuid}`);
    expect(inUse.status).toBe(400);
    expect(inUse.body.errorMessage).toMatch(/in use by/);
    expect((await call('GET', '/api/firewall/d_nat/apply')).body).toEqual({ status: 'failed' });
  });

  it('rolls an apply back when the savepoint is not confirmed, and keeps it when it is', async () => {
    const sp = await call('POST', '/api/firewall/filter/savepoint');
    expect(sp.body).toMatchObject({ status: 'ok', revision: expect.any(String) });
    await call('POST', '/api/firewall/filter/add_rule', { rule: { interface: 'lan' } });
    await call('POST', `/api/firewall/filter/apply/${sp.body.revision}`);
    expect((await call('GET', '/api/firewall/filter/search_rule')).body.total).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect((await call('GET', '/api/firewall/filter/search_rule')).body.total).toBe(0);

    const sp2 = await call('POST', '/api/firewall/filter/savepoint');
    await call('POST', '/api/firewall/filter/add_rule', { rule: { interface: 'lan' } });
    await call('POST', `/api/firewall/filter/apply/${sp2.body.revision}`);
    await call('POST', `/api/firewall/filter/cancel_rollback/${sp2.body.revision}`);
    await new Promise((r) => setTimeout(r, 500));
    expect((await call('GET', '/api/firewall/filter/search_rule')).body.total).toBe(1);
    const unknown = await call('POST', '/api/firewall/filter/revert/123.4');
    expect(unknown.body).toEqual({ status: 'unknown (or removed) savepoint' });
  });

  it('a lockout after apply stops the API until the rollback timer restores the rules', async () => {
    await opn(sim.url, 'POST', '/_sim/lockout-on-apply', { json: { count: 1 } });
    const sp = await call('POST', '/api/firewall/filter/savepoint');
    await call('POST', '/api/firewall/filter/add_rule', {
      rule: { interface: 'lan', action: 'block' },
    });
    await call('POST', `/api/firewall/filter/apply/${sp.body.revision}`);
    await expect(call('GET', '/api/core/system/status')).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 500));
    expect((await call('GET', '/api/firewall/filter/search_rule')).body.total).toBe(0);
  });

  it('issues an API key for a user and deletes one by base64(key), like auth/user', async () => {
    // a mutation sent with GET: HTTP 200 and a failed result, nothing made
    expect(await call('GET', '/api/auth/user/add_api_key/automation')).toEqual({
      status: 200,
      body: { result: 'failed' },
    });
    expect(await call('POST', '/api/auth/user/add_api_key/nobody')).toEqual({
      status: 200,
      body: { result: 'failed' },
    });
    const issued = await call('POST', '/api/auth/user/add_api_key/automation');
    expect(issued.body).toMatchObject({ result: 'ok', hostname: sim.state.hostname });
    expect([issued.body.key.length, issued.body.secret.length]).toEqual([80, 80]);
    const next: [string, string] = [issued.body.key, issued.body.secret];
    // only the secret's crypt hash is kept
    const stored = sim.state.users.find((u) => u.key === issued.body.key)!;
    expect(stored.secretHash).toMatch(/^\$6\$/);
    expect((await opn(sim.url, 'GET', '/api/core/firmware/info', { auth: next })).status).toBe(200);
    const id = encodeURIComponent(Buffer.from(KEY).toString('base64'));
    const del = await opn(sim.url, 'POST', `/api/auth/user/del_api_key/${id}`, { auth: next });
    expect(del.body).toEqual({ result: 'deleted' });
    expect((await call('GET', '/api/core/firmware/info')).body).toEqual({
      status: 401,
      message: 'Authentication Failed',
    });
    const again = await opn(sim.url, 'POST', `/api/auth/user/del_api_key/${id}`, { auth: next });
    expect(again.body).toEqual({ result: 'not found' });
    const keys = await opn(sim.url, 'GET', '/api/auth/user/search_api_key', { auth: next });
    expect(keys.body.rows.map((r: { username: string }) => r.username)).toEqual([
      'aliases-only',
      'automation',
    ]);
  });

  it('Kea DHCPv4: reservations validated like the model, leases from what runs, listed like leases4/search', async () => {
    const subnet = await call('POST', '/api/kea/dhcpv4/add_subnet', {
      subnet4: { subnet: '192.168.1.0/24', pools: '192.168.1.100 - 192.168.1.101' },
    });
    expect(subnet.body).toEqual({ result: 'saved', uuid: expect.any(String) });
    const reserve = (r: Record<string, string>) =>
      call('POST', '/api/kea/dhcpv4/add_reservation', {
        reservation: { subnet: subnet.body.uuid, ...r },
      });
    expect(
      (await reserve({ ip_address: '10.9.9.9', hw_address: '52:54:00:00:00:01' })).body,
    ).toEqual({
      result: 'failed',
      validations: { 'reservation.ip_address': 'Address not in specified subnet' },
    });
    expect((await reserve({ ip_address: '192.168.1.50' })).body.validations).toEqual({
      'reservation.hw_address': 'Either a client ID or a MAC address should be specified.',
    });
    expect(
      (
        await reserve({
          ip_address: '192.168.1.50',
          hw_address: '52:54:00:00:00:01',
          client_id: '01:aa',
        })
      ).body.validations,
    ).toEqual({
      'reservation.hw_address':
        'Either a client ID or a MAC address should be specified, but not both',
    });
    const saved = await reserve({
      ip_address: '192.168.1.50',
      hw_address: '52-54-00-00-00-01',
      hostname: 'db1',
    });
    expect(saved.body.result).toBe('saved');
    const ask = (hwaddr: string, hostname?: string) =>
      opn(sim.url, 'POST', '/_sim/dhcp-request', { json: { hwaddr, hostname } });

    // nothing answers until Kea is enabled on the LAN and reconfigured
    expect(await ask('52:54:00:00:00:02')).toEqual({
      status: 409,
      body: { error: 'Kea DHCPv4 is not running' },
    });
    await call('POST', '/api/kea/dhcpv4/set', {
      dhcpv4: { general: { enabled: '1', interfaces: 'lan' } },
    });
    await call('POST', '/api/kea/service/reconfigure');
    const reserved = await ask('52:54:00:00:00:01');
    expect(reserved.body).toMatchObject({ address: '192.168.1.50', hostname: 'db1' });
    const first = await ask('52:54:00:00:00:02', 'web1');
    expect(first.body).toMatchObject({ address: '192.168.1.100', if: 'vtnet1', if_name: 'lan' });
    expect((await ask('52:54:00:00:00:02')).body.address).toBe('192.168.1.100'); // renewed
    expect((await ask('52:54:00:00:00:03')).body.address).toBe('192.168.1.101');
    expect(await ask('52:54:00:00:00:04')).toEqual({
      status: 409,
      body: { error: 'the pools of 192.168.1.0/24 are exhausted' },
    });

    const leases = await call('GET', '/api/kea/leases4/search');
    expect(leases.body).toMatchObject({
      total: 3,
      rowCount: 3,
      current: 1,
      interfaces: { lan: 'LAN' },
    });
    expect(leases.body.rows.map((r: { address: string }) => r.address)).toEqual([
      '192.168.1.50',
      '192.168.1.100',
      '192.168.1.101',
    ]);
    expect(Object.keys(leases.body.rows[1]).sort()).toEqual(
      [
        'address',
        'expire',
        'hostname',
        'hwaddr',
        'if',
        'if_descr',
        'if_name',
        'is_reserved',
        'mac_info',
        'valid_lifetime',
      ].sort(),
    );
    expect(leases.body.rows[1]).toMatchObject({
      hwaddr: '52:54:00:00:00:02',
      hostname: 'web1',
      valid_lifetime: 4000,
      expire: expect.any(Number),
    });
    const paged = await call('POST', '/api/kea/leases4/search', { rowCount: 2, current: 2 });
    expect([paged.body.total, paged.body.rows.length]).toEqual([3, 1]);
  });

  it('an unconfigured firewall takes its API key from the imported config.xml', async () => {
    await sim.close();
    sim = await startOpnSim({ quiet: true, unconfigured: true });
    expect((await call('GET', '/api/core/firmware/info')).status).toBe(401);
    const hash = sha512Crypt(SECRET, 'abcdefgh');
    const xml = `<?xml version="1.0"?><opnsense><system><hostname>fw1</hostname><domain>acme.test</domain>
      <user><name>automation</name><priv>page-all</priv><apikeys>${KEY}|${hash}</apikeys></user></system>
      <interfaces><wan><if>vtnet0</if><ipaddr>198.51.100.7</ipaddr><subnet>24</subnet></wan>
      <opt1><if>vlan01</if><descr>ACME</descr><ipaddr>10.20.0.1</ipaddr><subnet>24</subnet></opt1></interfaces></opnsense>`;
    const boot = await opn(sim.url, 'POST', '/_sim/config-xml', { raw: xml, type: 'text/xml' });
    expect(boot.body).toEqual({ ok: true, users: 1 });
    const ifs = await call('GET', '/api/interfaces/overview/interfaces_info');
    expect(ifs.body.rows.map((r: { identifier: string }) => r.identifier)).toEqual(['wan', 'opt1']);
    const sys = await call('GET', '/api/diagnostics/system/system_information');
    expect(sys.body.name).toBe('fw1.acme.test');
  });
});

describe('sha512-crypt', () => {
  it('matches openssl passwd -6 and the specification vector', () => {
    // openssl passwd -6 -salt abc secret
    expect(sha512Crypt('secret', 'abc')).toBe(
      '$6$abc$IdWKNKTJEb8LxY7CGg8YBXlvtfZzFw7Mp/r6niK9YB2mdvgY..TKjv1T..8RadRt2qvUHYRLr/TsVArtr91iR1',
    );
    expect(sha512Crypt('Hello world!', 'saltstringsaltstring', 10000)).toBe(
      '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
    );
    expect(verifySha512Crypt('secret', sha512Crypt('secret', 'xyz'))).toBe(true);
    expect(verifySha512Crypt('Secret', sha512Crypt('secret', 'xyz'))).toBe(false);
  });
});
