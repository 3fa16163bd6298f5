import { QueueService } from '../../src/common/queue/queue.service';
import type { Guest } from '../../src/generated/prisma/client';
import { InventorySyncService } from '../../src/modules/inventory/inventory-sync.service';
import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

/**
 * What faults leave on Proxmox, and the staff's clean-up (issue 15): a lock left by a task that died
 * is found, shown and removed with the documented call (`PUT …/config delete=lock skiplock=1`); a
 * lock a running task holds is shown as such and not removed; a failed create's leftover is listed
 * until it is gone and can be retried at once.
 */
describe('faults: stale locks and leftovers (integration)', () => {
  let h: VmsHarness;
  let guests: Guest[];
  let tenant: LoggedIn;
  const root = { authid: 'root@pam', user: 'root@pam', via: 'ticket' as const };

  const sim = (g: Guest) => h.rt.state.guests.get(g.activeVmid!)!;
  const sync = () => h.ctx.app.get(InventorySyncService).sync(h.clusterId);
  const overview = async () => {
    const res = await h.ctx.http.get('/api/leftovers').set(h.admin.auth);
    expect(res.status).toBe(200);
    expectApiResponse('GET /leftovers', res);
    return res.body as {
      locks: Array<{ guestId: string; lock: string; state: string; task: string | null }>;
      leftovers: Array<{ vmid: number; state: string; attempts: number; lastError: string }>;
    };
  };
  const until = async (what: string, fn: () => boolean | Promise<boolean>, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!(await fn())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    h = await VmsHarness.start({ nodes: 2, guests: 10 });
    guests = await h.ctx.prisma.guest.findMany({
      where: { clusterId: h.clusterId, kind: 'qemu', template: false, activeVmid: { not: null } },
      orderBy: { vmid: 'asc' },
    });
    expect(guests.length).toBeGreaterThanOrEqual(4);
    const company = await h.ctx.newCompany();
    tenant = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: company.id }),
    );
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('finds a lock no task holds, and removes it with the documented call', async () => {
    const g = guests[0];
    sim(g).status = 'stopped';
    sim(g).lock = 'backup'; // a vzdump that died with its lock
    h.rt.changed(); // the simulator's cached resource list sees the edit
    await sync();
    const listed = (await overview()).locks.find((l) => l.guestId === g.id);
    expect(listed).toMatchObject({ lock: 'backup', state: 'stale', task: null });

    const res = await h.ctx.http
      .post(`/api/leftovers/locks/${g.id}/unlock`)
      .set(h.admin.auth)
      .send();
    expect(res.status).toBe(200);
    expectApiResponse('POST /leftovers/locks/:id/unlock', res);
    expect(res.body).toEqual({ guestId: g.id, removed: 'backup' });
    expect(sim(g).lock).toBeUndefined();
    expect([...h.contract.seen]).toContain(
      'PUT /nodes/pve1/qemu/…/config'.replace('pve1', sim(g).node),
    );
    expect((await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: g.id } })).lock).toBeNull();
    expect((await overview()).locks.find((l) => l.guestId === g.id)).toBeUndefined();
    const audit = await h.ctx.prisma.activityLog.findFirst({
      where: { action: 'guest.unlock', resourceId: g.id },
    });
    expect(audit?.details).toMatchObject({ lock: 'backup' });

    // Nothing to unlock any more: a clear 409, not a Proxmox error.
    const again = await h.ctx.http.post(`/api/leftovers/locks/${g.id}/unlock`).set(h.admin.auth);
    expect([again.status, again.body.message]).toEqual([409, expect.stringMatching(/not locked/)]);
  });

  it('shows a lock held by a running task as such, and refuses to remove it', async () => {
    const g = guests[1];
    h.rt.task(root, {
      node: sim(g).node,
      type: 'vzdump',
      id: g.activeVmid!,
      lock: { guest: sim(g), name: 'backup' },
      durationMs: 400_000, // × speed 0.05: 20 s
    });
    await sync();
    const listed = (await overview()).locks.find((l) => l.guestId === g.id);
    expect(listed).toMatchObject({ lock: 'backup', state: 'task-running', task: 'vzdump' });
    const res = await h.ctx.http.post(`/api/leftovers/locks/${g.id}/unlock`).set(h.admin.auth);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/running task \(vzdump\)/);
    expect(sim(g).lock).toBe('backup');
  });

  it('is for the MSP staff only', async () => {
    const g = guests[0];
    for (const [method, path] of [
      ['get', '/api/leftovers'],
      ['post', `/api/leftovers/locks/${g.id}/unlock`],
      ['post', `/api/leftovers/removals/${h.clusterId}/${g.activeVmid}/retry`],
    ] as const) {
      const res = await h.ctx.http[method](path).set(tenant.auth);
      expect([path, res.status]).toEqual([path, 403]);
    }
  });

  it('lists a leftover whose removal gave up until it is gone, and retries it on demand', async () => {
    await h.startWorker();
    const g = guests[2];
    sim(g).status = 'stopped';
    delete sim(g).lock;
    h.rt.changed();
    const node = sim(g).node;
    h.setNodeOnline(node, false);
    await h.ctx.app.get(QueueService).enqueue(
      'vm.remove-leftover',
      {
        companyId: null,
        actor: { userId: null, type: 'system' },
        clusterId: h.clusterId,
        vmid: g.activeVmid!,
        kind: 'qemu',
        name: sim(g).config.name as string,
      },
      { jobId: `leftover-${h.clusterId}-${g.activeVmid}`, attempts: 1 },
    );
    let failed: { state: string; lastError: string } | undefined;
    await until('the removal to give up', async () => {
      failed = (await overview()).leftovers.find((l) => l.vmid === g.activeVmid);
      return failed?.state === 'failed';
    });
    expect(failed!.lastError).toBeTruthy();
    expect(h.rt.state.guests.has(g.activeVmid!)).toBe(true);

    h.setNodeOnline(node, true);
    const retry = await h.ctx.http
      .post(`/api/leftovers/removals/${h.clusterId}/${g.activeVmid}/retry`)
      .set(h.admin.auth);
    expect(retry.status).toBe(202);
    expectApiResponse('POST /leftovers/removals/:id/:id/retry', retry);
    expect(retry.body).toEqual({ clusterId: h.clusterId, vmid: g.activeVmid, was: 'failed' });
    await until('the leftover to be removed', () => !h.rt.state.guests.has(g.activeVmid!));
    await until(
      'the list to drop it',
      async () => !(await overview()).leftovers.some((l) => l.vmid === g.activeVmid),
    );
    const none = await h.ctx.http
      .post(`/api/leftovers/removals/${h.clusterId}/${g.activeVmid}/retry`)
      .set(h.admin.auth);
    expect(none.status).toBe(404);
  }, 60_000);
});
