import * as https from 'node:https';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

// A failing cluster is never a 500: the simulator's own fault controls (/_sim/error-rate, a node
// taken offline) against every route that asks Proxmox live. Errors are mapped in one place
// (common/errors/error-mapper.ts), so the answer is a 503/409 naming the cluster.
describe('Proxmox faults become clear API errors (simulator fault controls)', () => {
  let h: VmsHarness;
  let admin: LoggedIn;
  let guestId: string;
  let guestNode: string;
  let clusterName: string;

  /** POST to the simulator's /_sim controls over HTTPS, as an operator would. */
  const sim = (path: string, params: Record<string, string | number> = {}) =>
    new Promise<void>((resolve, reject) => {
      const url = new URL(path, h.sim.clusters[0].url);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
      https
        .request(url, { method: 'POST', rejectUnauthorized: false }, (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`${path}: ${res.statusCode}`)),
          );
        })
        .on('error', reject)
        .end();
    });

  const liveRoutes = () => {
    const http = () => h.ctx.http;
    const auth = admin.auth;
    const vm = `/api/vms/${guestId}`;
    return {
      [`GET ${vm}/snapshots`]: http().get(`${vm}/snapshots`).set(auth),
      [`GET ${vm}/rrd`]: http().get(`${vm}/rrd`).set(auth),
      // Migrate is staff-only (vm.migrate).
      [`GET ${vm}/migrate-targets`]: http().get(`${vm}/migrate-targets`).set(h.admin.auth),
      [`PUT ${vm}`]: http().put(vm).set(auth).send({ description: 'fault test' }),
      [`POST ${vm}/console`]: http().post(`${vm}/console`).set(auth),
      'GET /api/media': http().get('/api/media').query({ clusterId: h.clusterId }).set(auth),
      'GET /api/vms/placement/pci-mappings': http()
        .get('/api/vms/placement/pci-mappings')
        .query({ clusterId: h.clusterId })
        .set(auth),
      'GET /api/vms/placement/resources': http()
        .get('/api/vms/placement/resources')
        .query({ clusterId: h.clusterId })
        .set(auth),
      [`GET /api/clusters/{id}/ceph`]: http()
        .get(`/api/clusters/${h.clusterId}/ceph`)
        .set(h.admin.auth),
    };
  };

  beforeAll(async () => {
    h = await VmsHarness.start({ nodes: 2, guests: 6 });
    const company = await h.ctx.newCompany();
    admin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: company.id }),
    );
    const g = await h.ctx.prisma.guest.findFirstOrThrow({
      where: { clusterId: h.clusterId, kind: 'qemu', template: false, activeVmid: { not: null } },
    });
    // Test fixture: the guest belongs to the company (as an import would do).
    await h.ctx.prisma.guest.update({ where: { id: g.id }, data: { companyId: company.id } });
    guestId = g.id;
    guestNode = g.node;
    clusterName = (await h.ctx.prisma.cluster.findUniqueOrThrow({ where: { id: h.clusterId } }))
      .name;
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('answers 503 naming the cluster when Proxmox fails every request', async () => {
    await sim('/_sim/error-rate', { rate: 1 });
    try {
      const routes = liveRoutes();
      const results = await Promise.all(
        Object.entries(routes).map(async ([route, req]) => {
          const res = await req;
          return { route, status: res.status, code: res.body.code, message: res.body.message };
        }),
      );
      expect(results.filter((r) => r.status >= 500 && r.status !== 503)).toEqual([]);
      // Ceph's own reading: Proxmox's 500 there usually means "not set up" (404).
      const outages = results.filter((r) => !r.route.endsWith('/ceph'));
      expect(outages).toEqual(
        outages.map((r) => ({
          route: r.route,
          status: 503,
          code: 'DEPENDENCY_UNAVAILABLE',
          message: expect.stringContaining(clusterName),
        })),
      );
      // The guest page itself still answers, with the stored state and the reason.
      const page = await h.ctx.http.get(`/api/vms/${guestId}`).set(admin.auth);
      expect(page.status).toBe(200);
      expect(page.body.clusterStatus).toMatch(/^unreachable: /);
    } finally {
      await sim('/_sim/reset');
    }
  });

  it('answers 409 NODE_OFFLINE for a guest on a node taken offline', async () => {
    await sim(`/_sim/nodes/${guestNode}/offline`);
    try {
      const res = await h.ctx.http.get(`/api/vms/${guestId}/snapshots`).set(admin.auth);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'NODE_OFFLINE' });
      expect(res.body.message).toContain(guestNode);
    } finally {
      await sim('/_sim/reset');
    }
    expect((await h.ctx.http.get(`/api/vms/${guestId}/snapshots`).set(admin.auth)).status).toBe(
      200,
    );
  });

  it('answers 503 when the cluster cannot be reached at all', async () => {
    const row = await h.ctx.prisma.cluster.findUniqueOrThrow({ where: { id: h.clusterId } });
    await h.ctx.prisma.cluster.update({
      where: { id: h.clusterId },
      data: {
        endpoints: [{ url: 'https://127.0.0.1:1', fingerprint: h.sim.clusters[0].fingerprint }],
      },
    });
    try {
      const res = await h.ctx.http.get(`/api/vms/${guestId}/snapshots`).set(admin.auth);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
      expect(res.body.message).toMatch(new RegExp(`${clusterName}.*connection refused`));
    } finally {
      await h.ctx.prisma.cluster.update({
        where: { id: h.clusterId },
        data: { endpoints: row.endpoints as object },
      });
    }
  });
});
