import type { Company } from '../../src/generated/prisma/client';
import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

// Issue 25, the Proxmox API explorer: the schema as a tree with details, "try it" on a cluster the
// caller administers, refused before the call when the schema says no, audited with secrets masked.
describe('Proxmox API explorer', () => {
  let h: VmsHarness;
  let acme: Company;
  let acmeAdmin: LoggedIn;
  let node: string;
  let vmid: number;
  const http = () => h.ctx.http;
  const STATUS = '/nodes/{node}/qemu/{vmid}/status/current';
  const call = (auth: LoggedIn, body: Record<string, unknown>, clusterId = h.clusterId) =>
    http().post(`/api/clusters/${clusterId}/pve-api/call`).set(auth.auth).send(body);

  beforeAll(async () => {
    h = await VmsHarness.start({ nodes: 1, guests: 3 });
    acme = await h.ctx.newCompany();
    acmeAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme.id }),
    );
    const g = [...h.rt.state.guests.values()].find((x) => x.type === 'qemu')!;
    node = g.node;
    vmid = g.vmid;
  });
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('shows the whole API as a tree and finds an endpoint by path or name', async () => {
    const tree = await http().get('/api/pve-api/tree').set(h.admin.auth);
    expect(tree.status).toBe(200);
    expectApiResponse('GET /pve-api/tree', tree);
    const find = (list: Array<{ path: string; children: unknown[] }>, p: string): unknown => {
      for (const n of list) {
        if (n.path === p) return n;
        const hit = find(n.children as typeof list, p);
        if (hit) return hit;
      }
      return undefined;
    };
    expect(tree.body.map((n: { path: string }) => n.path)).toEqual(
      expect.arrayContaining(['/access', '/cluster', '/nodes', '/pools', '/storage', '/version']),
    );
    expect(find(tree.body, STATUS)).toMatchObject({ text: 'current', methods: ['GET'] });

    const hits = await http()
      .get('/api/pve-api/endpoints')
      .query({ search: 'qemu status current' })
      .set(h.admin.auth);
    expect(hits.body.items.map((e: { path: string }) => e.path)).toContain(STATUS);
    const byName = await http()
      .get('/api/pve-api/endpoints')
      .query({ search: 'vm_status', method: 'GET' })
      .set(h.admin.auth);
    expect(byName.body.items).toContainEqual(
      expect.objectContaining({ method: 'GET', path: STATUS, name: 'vm_status' }),
    );

    const detail = await http()
      .get('/api/pve-api/endpoint')
      .query({ method: 'GET', path: STATUS })
      .set(h.admin.auth);
    expect(detail.status).toBe(200);
    expectApiResponse('GET /pve-api/endpoint', detail);
    expect(detail.body.parameters.slice(0, 2)).toEqual([
      expect.objectContaining({ name: 'node', inPath: true, format: 'pve-node', optional: false }),
      expect.objectContaining({ name: 'vmid', inPath: true, type: 'integer', minimum: 100 }),
    ]);
    expect(detail.body.permissions.check).toEqual(['perm', '/vms/{vmid}', ['VM.Audit']]);
    expect(detail.body.returns).toMatchObject({ type: 'object' });
    const create = await http()
      .get('/api/pve-api/endpoint')
      .query({ method: 'POST', path: '/nodes/{node}/qemu' })
      .set(h.admin.auth);
    const net = create.body.parameters.find((p: { name: string }) => p.name === 'net[n]');
    expect(net).toMatchObject({ format: 'property-string', optional: true });
    expect(net.formatKeys).toEqual(expect.arrayContaining(['bridge', 'model', 'firewall']));
    const ostype = create.body.parameters.find((p: { name: string }) => p.name === 'ostype');
    expect(ostype.enum).toEqual(expect.arrayContaining(['l26', 'win11']));

    const missing = await http()
      .get('/api/pve-api/endpoint')
      .query({ method: 'PATCH', path: STATUS })
      .set(h.admin.auth);
    expect(missing.status).toBe(400);
  });

  it('tries a GET on the demo cluster and shows the answer with curl and pvesh lines', async () => {
    const path = `/nodes/${node}/qemu/${vmid}/status/current`;
    const res = await call(h.admin, { method: 'GET', path });
    expect(res.status).toBe(200);
    expectApiResponse('POST /clusters/:id/pve-api/call', res);
    expect(res.body).toMatchObject({ ok: true, status: 200, error: null });
    expect(res.body.data).toMatchObject({ vmid, status: expect.any(String) });
    expect(res.body.curl).toContain(`/api2/json${path}`);
    expect(res.body.curl).toContain('$PVE_TOKEN_SECRET');
    expect(res.body.pvesh).toBe(`pvesh get '${path}' --output-format json-pretty`);

    const gone = await call(h.admin, {
      method: 'GET',
      path: `/nodes/${node}/qemu/99999/status/current`,
    });
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({
      ok: false,
      status: 500,
      error: expect.stringMatching(/99999/),
    });

    const entry = await h.ctx.prisma.activityLog.findFirst({
      where: { action: 'pve.call', resourceId: h.clusterId },
      orderBy: { createdAt: 'asc' },
    });
    expect(entry).toMatchObject({ result: 'success', actorUserId: expect.any(String) });
    expect(entry?.details).toEqual({ method: 'GET', path, params: {}, status: 200 });
  });

  it('refuses unknown endpoints and unknown or invalid parameters before the call', async () => {
    for (const [body, pattern] of [
      [{ method: 'GET', path: '/nodes/x/nonsense' }, /has no API path/],
      [{ method: 'PATCH', path: '/version' }, /method/],
      [
        { method: 'GET', path: `/nodes/${node}/qemu/${vmid}/status/current`, params: { bogus: 1 } },
        /Not a valid/,
      ],
      [{ method: 'GET', path: `/nodes/${node}/qemu/abc/status/current` }, /Not a valid/],
      [{ method: 'GET', path: '/nodes/../access' }, /path/],
    ] as const) {
      const res = await call(h.admin, body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([
        JSON.stringify(body),
        400,
        'VALIDATION_FAILED',
      ]);
      expect(res.body.message).toMatch(pattern);
    }
    // Nothing of it reached Proxmox (the contract checker sees every request the client sends).
    expect([...h.contract.seen].filter((r) => /nonsense|abc|\.\.|PATCH/.test(r))).toEqual([]);
    const bad = await call(h.admin, {
      method: 'GET',
      path: `/nodes/${node}/qemu/${vmid}/status/current`,
      params: { bogus: 1 },
    });
    expect(bad.body.details).toEqual({
      problems: [expect.stringMatching(/^bogus: property is not defined/)],
    });
  });

  it('sends a change only for super_admin with confirmation, and masks secrets in the audit', async () => {
    const path = `/nodes/${node}/qemu/${vmid}/config`;
    const params = { description: 'set by the explorer', cipassword: 'hunter2' };
    const unconfirmed = await call(h.admin, { method: 'PUT', path, params });
    expect([unconfirmed.status, unconfirmed.body.message]).toEqual([
      400,
      expect.stringMatching(/Confirm the PUT/),
    ]);
    const done = await call(h.admin, { method: 'PUT', path, params, confirm: true });
    expect([done.status, done.body.ok]).toEqual([200, true]);
    expect(done.body.curl).not.toContain('hunter2');
    expect(done.body.curl).toContain(`--data-urlencode 'cipassword=***'`);
    const guest = h.rt.state.guests.get(vmid)!;
    expect(guest.config.description).toBe('set by the explorer');
    const entry = await h.ctx.prisma.activityLog.findFirst({
      where: {
        action: 'pve.call',
        resourceId: h.clusterId,
        details: { path: '$.method', equals: 'PUT' },
      },
    });
    expect(entry?.details).toEqual({
      method: 'PUT',
      path,
      params: { description: 'set by the explorer', cipassword: '***' },
      status: 200,
    });
    expect(JSON.stringify(await h.ctx.prisma.activityLog.findMany())).not.toContain('hunter2');
  });

  it('keeps a company admin to its own clusters, and to GETs there', async () => {
    const path = `/nodes/${node}/qemu/${vmid}/status/current`;
    const notOwned = await call(acmeAdmin, { method: 'GET', path });
    expect([notOwned.status, notOwned.body.message]).toEqual([404, 'Cluster not found']);
    const tree = await http().get('/api/pve-api/tree').set(acmeAdmin.auth);
    expect(tree.status).toBe(200);

    await h.ctx.prisma.cluster.update({
      where: { id: h.clusterId },
      data: { ownerCompanyId: acme.id },
    });
    try {
      const owned = await call(acmeAdmin, { method: 'GET', path });
      expect([owned.status, owned.body.ok]).toEqual([200, true]);
      const change = await call(acmeAdmin, {
        method: 'PUT',
        path: `/nodes/${node}/qemu/${vmid}/config`,
        params: { description: 'no' },
        confirm: true,
      });
      expect([change.status, change.body.code]).toEqual([403, 'FORBIDDEN']);
      const entry = await h.ctx.prisma.activityLog.findFirst({
        where: { action: 'pve.call', companyId: acme.id },
      });
      expect(entry).toMatchObject({ resourceId: h.clusterId, result: 'success' });
    } finally {
      await h.ctx.prisma.cluster.update({
        where: { id: h.clusterId },
        data: { ownerCompanyId: null },
      });
    }
    const user = await h.ctx.login(await h.ctx.newUser({ role: 'user', companyId: acme.id }));
    expect((await http().get('/api/pve-api/tree').set(user.auth)).status).toBe(403);
  });
});
