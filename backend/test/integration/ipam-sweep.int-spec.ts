import type { Guest } from '../../src/generated/prisma/client';
import { IpamModule } from '../../src/modules/ipam/ipam.module';
import { IpamService } from '../../src/modules/ipam/ipam.service';
import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

/** The address the simulator's guest agent reports on eth0 for a VMID. */
const agentAddress = (vmid: number) => `10.20.${Math.floor(vmid / 250) % 250}.${(vmid % 250) + 2}`;

// IPAM conflict sweep against the simulator (every request schema-checked): a guest whose agent
// reports an address IPAM has allocated to another guest shows as a conflict; a guest using its own
// allocation shows nothing; addresses in a range that IPAM does not know show as unknown; guests
// without an answering agent are skipped. Staff only.
jest.setTimeout(180_000); // the machine may be busy

describe('ipam conflict sweep (integration)', () => {
  let h: VmsHarness;
  let acmeAdmin: LoggedIn;
  let a: Guest;
  let b: Guest;
  let simRangeId: string;

  beforeAll(async () => {
    h = await VmsHarness.start({ guests: 20, workerModules: [IpamModule.forWorker()] });
    await h.startWorker();
    const acme = (await h.ctx.newCompany()).id;
    acmeAdmin = await h.ctx.login(await h.ctx.newUser({ role: 'company_admin', companyId: acme }));
    const running = [...h.rt.state.guests.values()].filter(
      (g) => g.type === 'qemu' && g.status === 'running' && !g.config.template,
    );
    expect(running.length).toBeGreaterThanOrEqual(3);
    // every running VM answers except one, which has no agent
    for (const g of running) {
      g.config.agent = '1';
      g.guestAgent = true;
    }
    running[2].guestAgent = false;
    [a, b] = await Promise.all(
      running.slice(0, 2).map((g) =>
        h.ctx.prisma.guest.findFirstOrThrow({
          where: { clusterId: h.clusterId, vmid: g.vmid, goneAt: null },
        }),
      ),
    );
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('reports the address allocated to another guest as a conflict, and unknown ones', async () => {
    const range = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(h.admin.auth)
      .send({ name: 'Sim LAN', cidr: '10.20.0.0/16', clusterIds: [h.clusterId] });
    expect(range.status).toBe(201);
    simRangeId = range.body.id;
    const ipam = h.ctx.app.get(IpamService);
    // A's address is allocated to B in IPAM; B's own address is B's
    for (const [vmid, holder] of [
      [a.vmid, b],
      [b.vmid, b],
    ] as const) {
      await ipam.allocateTrusted(range.body.id, {
        companyId: null,
        purpose: 'guest',
        guestId: holder.id,
        address: agentAddress(vmid),
        actorId: null,
      });
    }
    const res = await h.ctx.http
      .post(`/api/ipam/clusters/${h.clusterId}/conflict-sweeps`)
      .set(h.admin.auth);
    expect(res.status).toBe(202);
    expect((await h.waitJob(res.body.job.id, 60_000)).status).toBe('succeeded');
    const latest = await h.ctx.http
      .get(`/api/ipam/clusters/${h.clusterId}/conflict-sweeps/latest`)
      .set(h.admin.auth);
    expectApiResponse('GET /ipam/clusters/:id/conflict-sweeps/latest', latest);
    expect(latest.body).toMatchObject({ id: res.body.sweepId, status: 'done' });
    expect(latest.body.guestsChecked).toBeGreaterThanOrEqual(2);
    expect(latest.body.guestsSkipped).toBeGreaterThanOrEqual(1);
    const findings = latest.body.findings as Array<{
      kind: string;
      vmid: number;
      address: string;
      ipamGuestId: string | null;
    }>;
    expect(findings).toContainEqual(
      expect.objectContaining({
        kind: 'conflict',
        vmid: a.vmid,
        guestId: a.id,
        address: agentAddress(a.vmid),
        ipamGuestId: b.id,
        ipamStatus: 'allocated',
        rangeName: 'Sim LAN',
      }),
    );
    // B uses its own allocation: nothing to say about it
    expect(findings.filter((f) => f.vmid === b.vmid)).toEqual([]);
    // the other answering VMs use addresses IPAM does not know
    const unknown = findings.filter((f) => f.kind === 'unknown');
    expect(unknown.length).toBe(latest.body.guestsChecked - 2);
    expect(unknown.every((f) => f.address === agentAddress(f.vmid))).toBe(true);

    // Staff adopt an unknown in-use address into IPAM: a static allocation to the guest using it.
    // (The guest is given to a company first, as an import does: unassigned guests are inventory
    // that no guest route, this one included, accepts.)
    const found = unknown[0] as (typeof unknown)[number] & { guestId: string | null };
    expect(found.guestId).not.toBeNull();
    await h.ctx.prisma.guest.update({
      where: { id: found.guestId! },
      data: { companyId: (await h.ctx.newCompany()).id },
    });
    const adopted = await h.ctx.http
      .post(`/api/ipam/ranges/${range.body.id}/allocations`)
      .set(h.admin.auth)
      .send({ address: found.address, guestId: found.guestId, nic: 0 });
    expect([adopted.status, adopted.body.address, adopted.body.guestId]).toEqual([
      201,
      found.address,
      found.guestId,
    ]);
    const again = await h.ctx.http
      .post(`/api/ipam/clusters/${h.clusterId}/conflict-sweeps`)
      .set(h.admin.auth);
    expect((await h.waitJob(again.body.job.id, 60_000)).status).toBe('succeeded');
    const after = await h.ctx.http
      .get(`/api/ipam/clusters/${h.clusterId}/conflict-sweeps/latest`)
      .set(h.admin.auth);
    expect(after.body.id).toBe(again.body.sweepId);
    const left = after.body.findings as Array<{ vmid: number }>;
    expect(left.filter((f) => f.vmid === found.vmid)).toEqual([]);
    expect(left.length).toBe(findings.length - 1);
  });

  it('lists the latest findings filtered by cluster, range and kind, server-side and paged', async () => {
    const latest = await h.ctx.http
      .get(`/api/ipam/clusters/${h.clusterId}/conflict-sweeps/latest`)
      .set(h.admin.auth);
    const all = latest.body.findings as Array<{ kind: string; rangeId: string | null }>;
    const count = (kind: string) => all.filter((f) => f.kind === kind).length;
    expect(count('conflict')).toBeGreaterThanOrEqual(1);
    expect(count('unknown')).toBeGreaterThanOrEqual(2);
    const list = (query: Record<string, string | number>) =>
      h.ctx.http.get('/api/ipam/conflicts').query(query).set(h.admin.auth);

    const conflicts = await list({ clusterId: h.clusterId, kind: 'conflict' });
    expectApiResponse('GET /ipam/conflicts', conflicts);
    expect(conflicts.body.total).toBe(count('conflict'));
    expect(conflicts.body.items.every((f: { kind: string }) => f.kind === 'conflict')).toBe(true);
    expect(conflicts.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'conflict',
        vmid: a.vmid,
        ipamGuestId: b.id,
        clusterId: h.clusterId,
        sweepId: latest.body.id,
      }),
    );
    // paged on the server: one unknown per page, the total is all of them
    const page1 = await list({ clusterId: h.clusterId, kind: 'unknown', pageSize: 1 });
    const page2 = await list({ clusterId: h.clusterId, kind: 'unknown', pageSize: 1, page: 2 });
    expect([page1.body.items.length, page1.body.total]).toEqual([1, count('unknown')]);
    expect(page2.body.items[0].address).not.toBe(page1.body.items[0].address);
    // by range, over every cluster: only this cluster's sweep has findings in it
    const byRange = await list({ rangeId: simRangeId, pageSize: 200 });
    expect(byRange.body.total).toBe(all.filter((f) => f.rangeId === simRangeId).length);
    expect(
      byRange.body.items.every((f: { clusterId: string }) => f.clusterId === h.clusterId),
    ).toBe(true);
    const other = await h.ctx.http
      .post('/api/ipam/ranges')
      .set(h.admin.auth)
      .send({ name: 'Sim quiet', cidr: '10.21.0.0/24', clusterIds: [h.clusterId] });
    expect((await list({ rangeId: other.body.id })).body).toMatchObject({ total: 0, items: [] });

    // bad input is a 400, a missing cluster or range a 404, a tenant admin a 403
    expect((await list({ kind: 'nonsense' })).status).toBe(400);
    const missing = '00000000-0000-4000-8000-00000000dead';
    expect((await list({ clusterId: missing })).status).toBe(404);
    expect((await list({ rangeId: missing })).status).toBe(404);
    const tenant = await h.ctx.http
      .get('/api/ipam/conflicts')
      .query({ clusterId: h.clusterId })
      .set(acmeAdmin.auth);
    expect(tenant.status).toBe(403);
  });

  it('is for staff only; an unknown cluster is missing', async () => {
    const url = `/api/ipam/clusters/${h.clusterId}/conflict-sweeps`;
    expect((await h.ctx.http.post(url).set(acmeAdmin.auth)).status).toBe(403);
    expect((await h.ctx.http.get(`${url}/latest`).set(acmeAdmin.auth)).status).toBe(403);
    const missing = '00000000-0000-4000-8000-00000000dead';
    expect(
      (await h.ctx.http.post(`/api/ipam/clusters/${missing}/conflict-sweeps`).set(h.admin.auth))
        .status,
    ).toBe(404);
  });
});
