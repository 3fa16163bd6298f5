import * as net from 'node:net';
import { ProxmoxApi } from './proxmox.api';
import { ProxmoxClient } from './proxmox.client';
import {
  ProxmoxError,
  ProxmoxLockedError,
  ProxmoxNodeOfflineError,
  ProxmoxValidationError,
} from './proxmox.errors';
import { probeFingerprint } from './tls-pinning';
import { startFakePve, testCertificate, type FakePveServer } from './testing/fake-pve-server';

const TOKEN = {
  type: 'token' as const,
  tokenId: 'root@pam!multpanel',
  secret: '11111111-2222-3333-4444-555555555555',
};

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function caught(p: Promise<unknown>): Promise<ProxmoxError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ProxmoxError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('ProxmoxClient', () => {
  let pve: FakePveServer;
  const clients: ProxmoxClient[] = [];
  const make = (opts: Partial<ConstructorParameters<typeof ProxmoxClient>[0]> = {}) => {
    const c = new ProxmoxClient({
      endpoints: [pve.url],
      fingerprint: pve.fingerprint,
      auth: TOKEN,
      retryBaseDelayMs: 5,
      ...opts,
    });
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    pve = await startFakePve();
  });
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await pve.close();
  });

  it('sends the API token, GET params in the query and POST params as a form body', async () => {
    pve.setHandler((req) => ({
      body: {
        data:
          req.method === 'GET'
            ? [{ vmid: '100', status: 'running', template: '1' }]
            : 'UPID:pve1:00001234:00ABCDEF:66F0A1B2:qmstart:100:root@pam!multpanel:',
      },
    }));
    const api = new ProxmoxApi(make());
    const guests = await api.guests('pve1', 'qemu');
    await api.power('pve1', 'qemu', 100, 'start', { timeout: 30, skiplock: false });
    await api.createPciMapping('gpu', [
      'node=pve1,path=0000:01:00.0',
      'node=pve2,path=0000:02:00.0',
    ]);

    expect(guests).toEqual([
      expect.objectContaining({ vmid: 100, status: 'running', template: true }),
    ]);
    const [list, start, mapping] = pve.requests;
    expect(list.headers.authorization).toBe(`PVEAPIToken=${TOKEN.tokenId}=${TOKEN.secret}`);
    expect(list.path).toBe('/api2/json/nodes/pve1/qemu');
    expect(start.method).toBe('POST');
    expect(start.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(start.body.get('timeout')).toBe('30');
    expect(start.body.get('skiplock')).toBe('0');
    expect(start.headers.csrfpreventiontoken).toBeUndefined();
    expect(mapping.body.getAll('map')).toHaveLength(2);

    pve.setHandler(() => ({ body: { data: [] } }));
    await api.guestRrdData('pve1', 'lxc', 101, 'hour', 'AVERAGE');
    const rrd = pve.requests.at(-1)!;
    expect(rrd.query.get('timeframe')).toBe('hour');
    expect(rrd.query.get('cf')).toBe('AVERAGE');
  });

  it('URL-encodes path segments such as task ids', async () => {
    const upid = 'UPID:pve1:00001234:00ABCDEF:66F0A1B2:qmstart:100:root@pam!multpanel:';
    pve.setHandler(() => ({
      body: { data: { upid, status: 'running', node: 'pve1', type: 'qmstart', user: 'root@pam' } },
    }));
    await new ProxmoxApi(make()).taskStatus('pve1', upid);
    expect(pve.requests[0].path).toBe(
      `/api2/json/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`,
    );
  });

  it('refuses a server whose certificate does not match the pinned fingerprint, before sending anything', async () => {
    const wrong = pve.fingerprint.replace(/^../, pve.fingerprint.startsWith('AA') ? 'BB' : 'AA');
    const err = await caught(make({ fingerprint: wrong }).get('/version'));
    expect(err.code).toBe('PVE_TLS');
    expect(err.message).toMatch(/does not match the pinned fingerprint/);
    expect(pve.requests).toHaveLength(0);
  });

  it('verifies chain and host name when a CA is given instead of a fingerprint', async () => {
    // The certificate names pve-test.local, not 127.0.0.1: chain OK, host name check must fail.
    const client = make({ fingerprint: undefined, ca: testCertificate().cert });
    const err = await caught(client.get('/version'));
    expect(err.code).toBe('PVE_TLS');
    expect(err.message).toMatch(/not trusted \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
    expect(pve.requests).toHaveLength(0);
  });

  it('fails over to the next endpoint and keeps using the one that answered', async () => {
    pve.setHandler(() => ({ body: { data: { version: '9.1.1', release: '9.1', repoid: 'abc' } } }));
    const dead = await closedPort();
    const client = make({ endpoints: [`https://127.0.0.1:${dead}`, pve.url] });
    const v = await new ProxmoxApi(client).version();
    expect(v.version).toBe('9.1.1');
    expect(client.activeEndpoint).toBe(pve.url);
    // a POST may also fail over: the refused endpoint never saw it
    await client.post('/pools', { poolid: 'tenant-a' });
    expect(pve.requests.map((r) => r.method)).toEqual(['GET', 'POST']);
  });

  it('retries GET with back-off on gateway errors but never repeats a POST', async () => {
    let calls = 0;
    pve.setHandler(() =>
      ++calls < 3 ? { status: 503, statusMessage: 'Service Unavailable' } : { body: { data: [] } },
    );
    await expect(make().get('/nodes')).resolves.toEqual([]);
    expect(calls).toBe(3);

    calls = 0;
    pve.setHandler(() => {
      calls++;
      return { status: 503, statusMessage: 'Service Unavailable' };
    });
    const err = await caught(make().post('/pools', { poolid: 'x' }));
    expect(err.code).toBe('PVE_SERVER');
    expect(calls).toBe(1);
  });

  it('times out instead of hanging, with a readable message', async () => {
    pve.setHandler(() => ({ hang: true }));
    const t0 = Date.now();
    const err = await caught(
      make({ timeoutMs: 200, retries: 0, label: 'cluster-a' }).get('/version'),
    );
    expect(err.code).toBe('PVE_TIMEOUT');
    expect(err.message).toMatch(/cluster-a did not answer within 0.2 s/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('reports an unreachable cluster in plain words', async () => {
    const dead = await closedPort();
    const err = await caught(
      make({ endpoints: [`127.0.0.1:${dead}`], retries: 0, label: 'lab' }).get('/version'),
    );
    expect(err.code).toBe('PVE_UNREACHABLE');
    expect(err.message).toBe(`lab is unreachable at 127.0.0.1:${dead} (connection refused)`);
  });

  it('maps Proxmox errors to messages a person understands', async () => {
    const api = new ProxmoxApi(make({ retries: 0 }));
    pve.setHandler(() => ({
      status: 400,
      statusMessage: 'Parameter verification failed.',
      body: { data: null, errors: { memory: 'value must have a minimum value of 16' } },
    }));
    const bad = await caught(api.updateConfig('pve1', 'qemu', 100, { memory: '8' }));
    expect(bad).toBeInstanceOf(ProxmoxValidationError);
    expect(bad.message).toBe(
      'Proxmox rejected the parameters: memory: value must have a minimum value of 16',
    );

    pve.setHandler(() => ({ status: 500, statusMessage: 'VM 104 is locked (backup)' }));
    const locked = await caught(api.power('pve1', 'qemu', 104, 'stop'));
    expect(locked).toBeInstanceOf(ProxmoxLockedError);
    expect(locked.message).toBe('VM 104 is locked (backup)');

    pve.setHandler(() => ({
      status: 595,
      statusMessage: 'Errors during connection establishment, proxy handler failed.',
    }));
    const offline = await caught(api.nodeStatus('pve2'));
    expect(offline).toBeInstanceOf(ProxmoxNodeOfflineError);
    expect(offline.message).toBe('node pve2 is offline');

    pve.setHandler(() => ({
      status: 403,
      statusMessage: 'Permission check failed (/vms/100, VM.PowerMgmt)',
    }));
    const denied = await caught(api.power('pve1', 'qemu', 100, 'start'));
    expect(denied.code).toBe('PVE_FORBIDDEN');
    expect(denied.message).toContain('VM.PowerMgmt');

    pve.setHandler(() => ({
      status: 500,
      statusMessage: "Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist",
    }));
    expect((await caught(api.guestConfig('pve1', 'qemu', 999))).code).toBe('PVE_NOT_FOUND');
  });

  it('logs in with a ticket, sends CSRF only on writes and renews the ticket before it expires', async () => {
    let now = 1_000_000;
    let issued = 0;
    pve.setHandler((req) => {
      if (req.path === '/api2/json/access/ticket') {
        issued++;
        return {
          body: {
            data: {
              username: 'root@pam',
              ticket: `PVE:root@pam:${issued}::sig`,
              CSRFPreventionToken: `csrf${issued}`,
            },
          },
        };
      }
      return { body: { data: null } };
    });
    const client = make({
      auth: { type: 'password', username: 'root@pam', password: 'secret' },
      now: () => now,
      ticketRenewAfterMs: 60 * 60 * 1000,
    });
    await Promise.all([client.get('/nodes'), client.get('/cluster/status')]);
    await client.post('/pools', { poolid: 'a' });
    expect(issued).toBe(1); // concurrent callers share one login
    const [login, ...rest] = pve.requests;
    expect(login.body.get('username')).toBe('root@pam');
    expect(login.body.get('password')).toBe('secret');
    const get = rest.find((r) => r.method === 'GET')!;
    const post = rest.find((r) => r.method === 'POST')!;
    expect(get.headers.cookie).toBe(`PVEAuthCookie=${encodeURIComponent('PVE:root@pam:1::sig')}`);
    expect(get.headers.csrfpreventiontoken).toBeUndefined();
    expect(post.headers.csrfpreventiontoken).toBe('csrf1');

    now += 61 * 60 * 1000;
    await client.get('/nodes');
    const renew = pve.requests.filter((r) => r.path === '/api2/json/access/ticket')[1];
    expect(renew.body.get('password')).toBe('PVE:root@pam:1::sig'); // renewed with the ticket, not the password
    expect(pve.requests.at(-1)!.headers.cookie).toContain(
      encodeURIComponent('PVE:root@pam:2::sig'),
    );
  });

  it('logs in again once when Proxmox answers 401 to a ticket', async () => {
    let issued = 0;
    let rejectNext = false;
    pve.setHandler((req) => {
      if (req.path === '/api2/json/access/ticket') {
        issued++;
        return {
          body: { data: { username: 'root@pam', ticket: `t${issued}`, CSRFPreventionToken: 'c' } },
        };
      }
      if (rejectNext) {
        rejectNext = false;
        return { status: 401, statusMessage: 'invalid PVE ticket' };
      }
      return { body: { data: 'ok' } };
    });
    const client = make({ auth: { type: 'password', username: 'root@pam', password: 'pw' } });
    await client.get('/version');
    rejectNext = true;
    await expect(client.get('/version')).resolves.toBe('ok');
    expect(issued).toBe(2);
  });

  it('a shared login does not inherit the short timeout of the call that started it', async () => {
    pve.setHandler(async (req) => {
      if (req.path === '/api2/json/access/ticket') {
        await new Promise((r) => setTimeout(r, 300));
        return {
          body: { data: { username: 'root@pam', ticket: 't1', CSRFPreventionToken: 'c' } },
        };
      }
      return { body: { data: 'ok' } };
    });
    const client = make({ auth: { type: 'password', username: 'root@pam', password: 'pw' } });
    // A health check with a 100 ms budget starts the login; a job's call joins it.
    const check = client.get('/version', {}, { timeoutMs: 100, retries: 0 }).catch((e) => e);
    const job = client.get('/version').catch((e: Error) => e.message);
    expect(await job).toBe('ok');
    await check;
  });

  it('never has more requests in flight than the concurrency limit', async () => {
    let active = 0;
    let peak = 0;
    pve.setHandler(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 30));
      active--;
      return { body: { data: [] } };
    });
    const client = make({ concurrency: 2 });
    await Promise.all(Array.from({ length: 8 }, () => client.get('/nodes')));
    expect(pve.requests).toHaveLength(8);
    expect(peak).toBe(2);
  });

  it('waits for the request budget before every attempt and names the cluster in errors', async () => {
    let calls = 0;
    pve.setHandler(() => ({ status: 503, statusMessage: 'busy', body: {} }));
    const budget = { acquire: jest.fn(async () => void calls++) };
    const err = await caught(make({ budget, label: 'lab-one', retries: 1 }).get('/version'));
    // One try plus one retry: both waited for a token; the error carries the cluster's name.
    expect(calls).toBe(2);
    expect(pve.requests).toHaveLength(2);
    expect(err.details.cluster).toBe('lab-one');

    const refused = {
      acquire: jest.fn(async () => Promise.reject(new ProxmoxError('PVE_BUSY', 'spent'))),
    };
    const before = pve.requests.length;
    const busy = await caught(make({ budget: refused, label: 'lab-one' }).get('/version'));
    expect(busy.code).toBe('PVE_BUSY');
    expect(pve.requests).toHaveLength(before);
  });

  it('probes the certificate fingerprint for trust on first use', async () => {
    const probed = await probeFingerprint(pve.url);
    expect(probed.fingerprint).toBe(pve.fingerprint);
    expect(probed.selfSigned).toBe(true);
    expect(probed.subject).toContain('pve-test.local');
  });
});
