import { startSimulator, type RunningSimulator } from '@multpanel/simulator';
import { MAX_OWNED_CLUSTERS } from '@multpanel/contracts';
import type { Company } from '../../src/generated/prisma/client';
import { ProxmoxApi } from '../../src/common/proxmox';
import { InventorySyncService } from '../../src/modules/inventory/inventory-sync.service';
import { expectApiResponse } from '../helpers/api-response';
import { clusterFor } from '../helpers/foreign-resources';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

// Issue 25, customer-owned clusters (seed 004's per-tenant servers): Acme's admin adds a second
// Proxmox (its own simulator) and creates a VM on it; Globex never sees it; the staff do.
describe('customer-owned clusters', () => {
  let h: VmsHarness;
  let own: RunningSimulator;
  let acme: Company;
  let globex: Company;
  let acmeAdmin: LoggedIn;
  let globexAdmin: LoggedIn;
  let ownedId: string;
  const http = () => h.ctx.http;

  const tokenFor = async (sim: RunningSimulator) => {
    const c = sim.clusters[0];
    const root = ProxmoxApi.create({
      endpoints: [c.url],
      fingerprint: c.fingerprint,
      auth: { type: 'password', username: 'root@pam', password: 'sim-password' },
    });
    const token = await root.createApiToken('root@pam', `own${Date.now()}`, { privsep: false });
    root.close();
    return {
      endpoints: [{ url: c.url, fingerprint: c.fingerprint }],
      credentials: { type: 'token', tokenId: token['full-tokenid'], secret: token.value },
    };
  };

  beforeAll(async () => {
    h = await VmsHarness.start({ nodes: 1, guests: 2 });
    own = await startSimulator({
      port: 0,
      clusters: 1,
      nodes: 2,
      guests: 3,
      quiet: true,
      taskSpeed: 0.05,
    });
    acme = await h.ctx.newCompany();
    globex = await h.ctx.newCompany({ mayOwnClusters: true });
    acmeAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme.id }),
    );
    globexAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: globex.id }),
    );
  });
  afterAll(async () => {
    await h?.close();
    await own?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('lets a company admin add a cluster only once the MSP allows the company', async () => {
    const body = { name: h.ctx.unique('acme-own'), ...(await tokenFor(own)) };
    const refused = await http()
      .post(`/api/companies/${acme.id}/clusters`)
      .set(acmeAdmin.auth)
      .send(body);
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(refused.body.message).toMatch(/may not add clusters/);

    const allow = await http()
      .patch(`/api/companies/${acme.id}`)
      .set(h.admin.auth)
      .send({ mayOwnClusters: true });
    expect([allow.status, allow.body.mayOwnClusters]).toEqual([200, true]);
    expectApiResponse('PATCH /companies/:id', allow);

    const probed = await http()
      .post(`/api/companies/${acme.id}/clusters/probe-fingerprint`)
      .set(acmeAdmin.auth)
      .send({ url: body.endpoints[0]!.url });
    expect(
      expectApiResponse('POST /companies/:id/clusters/probe-fingerprint', probed),
    ).toMatchObject({
      fingerprint: body.endpoints[0]!.fingerprint,
    });

    const tested = await http()
      .post(`/api/companies/${acme.id}/clusters/test`)
      .set(acmeAdmin.auth)
      .send({ endpoints: body.endpoints, credentials: body.credentials });
    expect([tested.status, tested.body.ok]).toEqual([200, true]);
    expectApiResponse('POST /companies/:id/clusters/test', tested);

    // Not an allow-list: the cluster is Acme's alone.
    const withList = await http()
      .post(`/api/companies/${acme.id}/clusters`)
      .set(acmeAdmin.auth)
      .send({ ...body, allowedCompanyIds: [globex.id] });
    expect([withList.status, withList.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    const created = await http()
      .post(`/api/companies/${acme.id}/clusters`)
      .set(acmeAdmin.auth)
      .send(body);
    expect(created.status).toBe(201);
    expectApiResponse('POST /companies/:id/clusters', created);
    expect(created.body).toMatchObject({ ownerCompanyId: acme.id, allowedCompanyIds: [] });
    expect(JSON.stringify(created.body)).not.toContain(body.credentials.secret);
    ownedId = created.body.id;

    const entry = await h.ctx.prisma.activityLog.findFirst({
      where: { action: 'cluster.create', resourceId: ownedId },
    });
    expect(entry).toMatchObject({ companyId: acme.id, actorEmail: expect.any(String) });
  });

  it('syncs the owned cluster and gives every guest found there to its owner', async () => {
    await h.ctx.prisma.cluster.update({ where: { id: ownedId }, data: { status: 'online' } });
    const result = await h.ctx.app.get(InventorySyncService).sync(ownedId);
    expect(result?.ok).toBe(true);
    const guests = await h.ctx.prisma.guest.findMany({
      where: { clusterId: ownedId, goneAt: null },
    });
    expect(guests.length).toBeGreaterThanOrEqual(3);
    expect(new Set(guests.map((g) => g.companyId))).toEqual(new Set([acme.id]));

    const nodes = await http()
      .get(`/api/companies/${acme.id}/clusters/${ownedId}/nodes`)
      .set(acmeAdmin.auth);
    expect([nodes.status, nodes.body.length]).toEqual([200, 2]);
    const list = await http().get(`/api/companies/${acme.id}/clusters`).set(acmeAdmin.auth);
    expectApiResponse('GET /companies/:id/clusters', list);
    const queued = await http()
      .post(`/api/companies/${acme.id}/clusters/${ownedId}/sync`)
      .set(acmeAdmin.auth);
    expect(queued.status).toBe(202);
    expectApiResponse('POST /companies/:id/clusters/:id/sync', queued);
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([ownedId]);
    expect(list.body[0].counts.guests).toBe(guests.length);
    const vms = await http().get('/api/vms').query({ pageSize: 200 }).set(acmeAdmin.auth);
    const onOwned = vms.body.items.filter((v: { clusterId: string }) => v.clusterId === ownedId);
    expect(onOwned).toHaveLength(guests.length);
  });

  it('creates a VM on it for Acme', async () => {
    await h.startWorker();
    const media = await http()
      .get('/api/media')
      .query({ clusterId: ownedId, kind: 'iso' })
      .set(acmeAdmin.auth);
    expect(media.status).toBe(200);
    const res = await http()
      .post('/api/vms')
      .set(acmeAdmin.auth)
      .send(
        h.vmBody(acme.id, 'unused', 'owned-vm', {
          source: { type: 'iso', isoVolid: media.body[0].volid },
          clusterId: ownedId,
        }),
      );
    expect(res.status).toBe(202);
    const job = await h.waitJob(res.body.job.id);
    expect([job.status, job.error]).toEqual(['succeeded', null]);
    const vm = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: res.body.vmId } });
    expect({ clusterId: vm.clusterId, companyId: vm.companyId }).toEqual({
      clusterId: ownedId,
      companyId: acme.id,
    });
    const globexSees = await http().get(`/api/vms/${res.body.vmId}`).set(globexAdmin.auth);
    expect(globexSees.status).toBe(404);
  });

  it('is invisible to Globex on every path, as if it did not exist', async () => {
    for (const path of [
      `/api/companies/${acme.id}/clusters`,
      `/api/companies/${acme.id}/clusters/${ownedId}`,
      `/api/companies/${globex.id}/clusters/${ownedId}`,
      `/api/companies/${globex.id}/clusters/${ownedId}/nodes`,
      `/api/companies/${globex.id}/clusters/${ownedId}/health`,
    ]) {
      const res = await http().get(path).set(globexAdmin.auth);
      expect([path, res.status]).toEqual([path, 404]);
    }
    const mine = await http().get(`/api/companies/${globex.id}/clusters`).set(globexAdmin.auth);
    expect(mine.body).toEqual([]);
    const media = await http()
      .get('/api/media')
      .query({ clusterId: ownedId, kind: 'iso' })
      .set(globexAdmin.auth);
    expect(media.status).toBe(404);
    const place = await http()
      .post('/api/vms')
      .set(globexAdmin.auth)
      .send(
        h.vmBody(globex.id, 'unused', 'steal', {
          source: { type: 'iso', isoVolid: 'local:iso/debian-12.7.0-amd64-netinst.iso' },
          clusterId: ownedId,
        }),
      );
    expect([place.status, place.body.message]).toEqual([404, 'Cluster not found']);
    const patch = await http()
      .patch(`/api/companies/${globex.id}/clusters/${ownedId}`)
      .set(globexAdmin.auth)
      .send({ location: 'mine now' });
    expect(patch.status).toBe(404);
    const del = await http()
      .delete(`/api/companies/${acme.id}/clusters/${ownedId}`)
      .set(globexAdmin.auth);
    expect(del.status).toBe(404);
  });

  it('shows it to the staff, who see whose it is', async () => {
    const all = await http().get('/api/clusters').set(h.admin.auth);
    const row = all.body.find((c: { id: string }) => c.id === ownedId);
    expect(row).toMatchObject({ ownerCompanyId: acme.id });
    const one = await http().get(`/api/companies/${acme.id}/clusters/${ownedId}`).set(h.admin.auth);
    expect([one.status, one.body.id]).toEqual([200, ownedId]);
  });

  it("never lets another company take an owned cluster's guests", async () => {
    const g = await h.ctx.prisma.guest.findFirstOrThrow({
      where: { clusterId: ownedId, goneAt: null, template: false },
    });
    await h.ctx.prisma.guest.update({ where: { id: g.id }, data: { companyId: null } });
    const toGlobex = await http()
      .post('/api/guests/import')
      .set(h.admin.auth)
      .send({ companyId: globex.id, guestIds: [g.id] });
    expect([toGlobex.status, toGlobex.body.message]).toEqual([404, 'Guest not found']);
    const toAcme = await http()
      .post('/api/guests/import')
      .set(h.admin.auth)
      .send({ companyId: acme.id, guestIds: [g.id] });
    expect(toAcme.body).toEqual({ imported: 1, guestIds: [g.id], addresses: [] });

    // Giving a shared cluster to one company while others' guests live on it is refused.
    const shared = (await clusterFor(h.ctx, [], 'shared')).cluster.id;
    await h.ctx.prisma.guest.create({
      data: {
        clusterId: shared,
        companyId: acme.id,
        vmid: 4242,
        activeVmid: 4242,
        kind: 'qemu',
        status: 'stopped',
        node: 'n1',
        tags: [],
        syncHash: '0000000000000000',
      },
    });
    const give = await http()
      .patch(`/api/clusters/${shared}`)
      .set(h.admin.auth)
      .send({ ownerCompanyId: globex.id });
    expect([give.status, give.body.code]).toEqual([409, 'CONFLICT']);
    const toAcmeOk = await http()
      .patch(`/api/clusters/${shared}`)
      .set(h.admin.auth)
      .send({ ownerCompanyId: acme.id });
    expect([toAcmeOk.status, toAcmeOk.body.ownerCompanyId]).toEqual([200, acme.id]);
    const byAdmin = await http()
      .patch(`/api/companies/${acme.id}/clusters/${shared}`)
      .set(acmeAdmin.auth)
      .send({ ownerCompanyId: globex.id });
    expect([byAdmin.status, byAdmin.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it(`caps a company at ${MAX_OWNED_CLUSTERS} clusters and keeps a company with clusters`, async () => {
    const full = await h.ctx.newCompany({ mayOwnClusters: true });
    for (let i = 0; i < MAX_OWNED_CLUSTERS; i++) {
      const { cluster } = await clusterFor(h.ctx, [], `cap${i}`);
      await h.ctx.prisma.cluster.update({
        where: { id: cluster.id },
        data: { ownerCompanyId: full.id },
      });
    }
    const res = await http()
      .post(`/api/companies/${full.id}/clusters`)
      .set(h.admin.auth)
      .send({ name: h.ctx.unique('one-too-many'), ...(await tokenFor(own)) });
    expect([res.status, res.body.code]).toEqual([409, 'CONFLICT']);
    expect(res.body.message).toMatch(/at most 50 clusters/);
    const del = await http().delete(`/api/companies/${full.id}`).set(h.admin.auth);
    expect([del.status, del.body.message]).toEqual([
      409,
      `The company still owns ${MAX_OWNED_CLUSTERS} cluster(s); remove them before deleting it`,
    ]);
  });

  it('refuses bad input with a clear 4xx', async () => {
    const bad = await http()
      .post(`/api/companies/${acme.id}/clusters`)
      .set(acmeAdmin.auth)
      .send({ name: '', endpoints: [] });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const badId = await http().get(`/api/companies/not-a-uuid/clusters`).set(acmeAdmin.auth);
    expect(badId.status).toBe(400);
    const user = await h.ctx.login(await h.ctx.newUser({ role: 'user', companyId: acme.id }));
    const denied = await http().get(`/api/companies/${acme.id}/clusters`).set(user.auth);
    expect(denied.status).toBe(403);
  });
});
