import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expectApiResponse } from '../helpers/api-response';
import type { LoggedIn } from '../helpers/test-context';
import { describeDeployments, freePort } from './deployments-harness';

// Issue 24, the end of a deployment's life: cancelling a running deploy (cooperative, between steps)
// and deleting a deployment (a tracked job that stops the app on the real SSH target and removes
// its releases).

describeDeployments('deployments: cancel and delete on a real SSH target', (t) => {
  let admin: LoggedIn;
  let id: string;
  let dir: string;
  let appPort: number;
  let commit1: string;
  let firstRelease: string;

  beforeAll(async () => {
    admin = t.admin;
    appPort = await freePort();
  });

  const http = () => t.http();
  const waitJob = (jobId: string) => t.waitJob(jobId);
  const waitStep = (jobId: string, prefix: string) => t.waitStep(jobId, prefix);
  const releases = (deploymentId: string) => t.releases(deploymentId);
  const app = (port = appPort) => t.app(port);

  async function create(name: string, port: number, over: Record<string, unknown> = {}) {
    const res = await http()
      .post('/api/deployments')
      .set(admin.auth)
      .send(
        t.guestBody(name, port, [{ key: 'APP_GREETING', value: 'hello', secret: false }], {
          buildCommand: 'true',
          ...over,
        }),
      );
    expect(res.status).toBe(201);
    t.authorize(res.body.accessPublicKey);
    return { id: res.body.id as string, dir: t.appDir(name) };
  }

  it('deploys a first release (RUNNING)', async () => {
    commit1 = t.git.push('v1');
    ({ id, dir } = await create('life-api', appPort));
    const start = await http().post(`/api/deployments/${id}/deploy`).set(admin.auth);
    expect(start.status).toBe(202);
    const j = await waitJob(start.body.id);
    expect(j.error).toBeNull();
    expect(j.status).toBe('succeeded');
    expect(await app()).toBe(`v1 ${commit1} hello`);
    firstRelease = (await releases(id))[0]!.id;
  }, 120_000);

  it('cancel with nothing running is a 409; another company gets 404', async () => {
    const res = await http().post(`/api/deployments/${id}/cancel`).set(admin.auth);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('No deployment job of this application is running');
    const other = await t.h.ctx.newCompany();
    const admin2 = await t.h.ctx.login(
      await t.h.ctx.newUser({ role: 'company_admin', companyId: other.id }),
    );
    expect((await http().post(`/api/deployments/${id}/cancel`).set(admin2.auth)).status).toBe(404);
    expect((await http().delete(`/api/deployments/${id}`).set(admin2.auth)).status).toBe(404);
  });

  it('cancels a running redeploy: the job ends cancelled, the old release keeps answering', async () => {
    const patch = await http()
      .patch(`/api/deployments/${id}`)
      .set(admin.auth)
      .send({ buildCommand: 'sleep 4' });
    expect(patch.status).toBe(200);
    t.git.push('v2');
    const start = await http().post(`/api/deployments/${id}/deploy`).set(admin.auth);
    expect(start.status).toBe(202);
    await waitStep(start.body.id, 'build:');
    // While it runs, a delete is refused.
    expect((await http().delete(`/api/deployments/${id}`).set(admin.auth)).status).toBe(409);
    const cancel = await http().post(`/api/deployments/${id}/cancel`).set(admin.auth);
    expect(cancel.status).toBe(202);
    expectApiResponse('POST /deployments/:id/cancel', cancel);
    expect(cancel.body.id).toBe(start.body.id);
    const j = await waitJob(start.body.id);
    expect(j.status).toBe('cancelled');
    expect(j.error).toBe('Cancelled before the switch step');
    const d = await http().get(`/api/deployments/${id}`).set(admin.auth);
    expect(d.body).toMatchObject({
      status: 'RUNNING',
      currentReleaseId: firstRelease,
      error: null,
    });
    expect(await app()).toBe(`v1 ${commit1} hello`);
    const rel = await releases(id);
    expect(rel[0]).toMatchObject({ status: 'FAILED', failedStep: 'cancelled', current: false });
    // The cancelled build left no directory behind; the running one is untouched.
    expect(existsSync(join(dir, 'releases', rel[0]!.id))).toBe(false);
    expect(existsSync(join(dir, 'releases', firstRelease))).toBe(true);
  }, 120_000);

  it('a cancelled first deploy leaves the deployment FAILED, step cancelled', async () => {
    const port = await freePort();
    const other = await create('life-first', port, { buildCommand: 'sleep 4' });
    const start = await http().post(`/api/deployments/${other.id}/deploy`).set(admin.auth);
    await waitStep(start.body.id, 'build:');
    expect((await http().post(`/api/deployments/${other.id}/cancel`).set(admin.auth)).status).toBe(
      202,
    );
    expect((await waitJob(start.body.id)).status).toBe('cancelled');
    const d = await http().get(`/api/deployments/${other.id}`).set(admin.auth);
    expect(d.body).toMatchObject({
      status: 'FAILED',
      failedStep: 'cancelled',
      currentReleaseId: null,
    });
    await expect(app(port)).rejects.toThrow();
  }, 120_000);

  it('deletes as a tracked job: the app stops, its releases go, the deployment is gone', async () => {
    expect(await app()).toBe(`v1 ${commit1} hello`);
    const res = await http().delete(`/api/deployments/${id}`).set(admin.auth);
    expect(res.status).toBe(202);
    expectApiResponse('DELETE /deployments/:id', res);
    expect(res.body.type).toBe('deployments.run');
    const j = await waitJob(res.body.id);
    expect(j.error).toBeNull();
    expect(j.status).toBe('succeeded');
    expect((await http().get(`/api/deployments/${id}`).set(admin.auth)).status).toBe(404);
    expect(existsSync(dir)).toBe(false);
    // The supervisor and the app were killed: nothing answers on the port any more.
    await new Promise((r) => setTimeout(r, 500));
    await expect(app()).rejects.toThrow();
    // The guest was the company's own: it is still there.
    const guest = await t.h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: t.guestId } });
    expect(guest.goneAt).toBeNull();
  }, 120_000);

  it('every Proxmox call was a documented method and path', () => {
    expect(t.h.contract.violations).toEqual([]);
  });
});
