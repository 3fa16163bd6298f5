import type { Company, Guest } from '../../src/generated/prisma/client';
import { BackupsModule } from '../../src/modules/backups/backups.module';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

const GiB = 1024 ** 3;

interface Archive {
  volid: string;
  storage: string;
  format: string;
  protected: boolean;
  createdAt: string;
}

/**
 * Issue 18: a schedule backs guests up onto a Proxmox Backup Server storage (type `pbs`), whose
 * archives are snapshots named `backup/vm/<vmid>/<time>` (format `pbs-vm`, `pbs-ct`), retention
 * prunes them like any other, and one is restored to a new guest that runs. Against the simulator;
 * every Proxmox request is checked against the PVE 9.1 schema.
 */
describe('backups onto a PBS storage (integration)', () => {
  let h: VmsHarness;
  let acme: Company;
  let admin: LoggedIn;
  let vm: Guest;
  let ct: Guest;

  const http = () => h.ctx.http;
  const archives = async (guestId: string): Promise<Archive[]> => {
    const res = await http().get(`/api/vms/${guestId}/backups`).set(admin.auth);
    expect(res.status).toBe(200);
    return res.body.archives;
  };

  beforeAll(async () => {
    h = await VmsHarness.start({ workerModules: [BackupsModule.forWorker()] });
    await h.startWorker();
    // a PBS datastore the cluster mounts as storage `pbs-store` (as `pvesm add pbs` configures it)
    h.rt.state.storages.push({
      storage: 'pbs-store',
      type: 'pbs',
      server: 'pbs.backup.test',
      datastore: 'tank',
      username: 'backup@pbs',
      fingerprint: 'ab:'.repeat(31) + 'ab',
      content: 'backup',
      shared: 1,
      total: 4096 * GiB,
    });
    acme = await h.ctx.newCompany({ maxGuests: 10, maxVcpus: 100, maxMemoryMb: 512_000 });
    admin = await h.ctx.login(await h.ctx.newUser({ role: 'company_admin', companyId: acme.id }));
    const guests = await h.ctx.prisma.guest.findMany({
      where: { clusterId: h.clusterId, template: false, goneAt: null },
      orderBy: { vmid: 'asc' },
    });
    vm = guests.find((g) => g.kind === 'qemu')!;
    ct = guests.find((g) => g.kind === 'lxc')!;
    expect(ct).toBeDefined();
    await h.ctx.prisma.guest.updateMany({
      where: { id: { in: [vm.id, ct.id] } },
      data: { companyId: acme.id },
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('backs up onto the PBS storage by schedule, keeps the 2 newest, restores one that runs', async () => {
    const created = await http()
      .post('/api/backup-schedules')
      .set(admin.auth)
      .send({
        companyId: acme.id,
        name: 'Nightly to PBS',
        selection: { guestIds: [vm.id, ct.id] },
        cron: '0 2 * * *',
        timezone: 'UTC',
        storage: 'pbs-store',
        retention: { keepLast: 2 },
      });
    expect(created.status).toBe(201);
    const volids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await http().post(`/api/backup-schedules/${created.body.id}/run`).set(admin.auth);
      expect(res.status).toBe(202);
      const runId = res.body.runId as string;
      let detail = await http().get(`/api/backup-history/${runId}`).set(admin.auth);
      for (const r of detail.body.results as Array<{ jobId: string | null }>)
        if (r.jobId) await h.waitJob(r.jobId);
      detail = await http().get(`/api/backup-history/${runId}`).set(admin.auth);
      expect(detail.body.status).toBe('succeeded');
      for (const r of detail.body.results) {
        const type = r.guestId === vm.id ? 'vm' : 'ct';
        // a PBS snapshot, named in the task log: the result records it, not the newest by time
        expect(r.volid).toMatch(
          new RegExp(
            `^pbs-store:backup/${type}/${r.vmid}/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$`,
          ),
        );
        expect(r.sizeBytes).toBeGreaterThan(0);
        const task = h.rt.state.tasks.find((t) => t.upid === r.upid)!;
        expect(task.log.join('\n')).toContain(
          `creating Proxmox Backup Server archive '${r.volid.slice('pbs-store:backup/'.length)}'`,
        );
        if (r.guestId === vm.id) volids.push(r.volid);
      }
    }
    expect(new Set(volids).size).toBe(3);

    // retention (keep-last 2) pruned the oldest snapshot of each guest on the PBS storage
    const vmArchives = await archives(vm.id);
    expect(vmArchives.map((a) => a.volid).sort()).toEqual(volids.slice(1).sort());
    expect(vmArchives.every((a) => a.storage === 'pbs-store' && a.format === 'pbs-vm')).toBe(true);
    // (the container also has an older archive on `local` from before, which PBS retention leaves)
    const ctArchives = (await archives(ct.id)).filter((a) => a.storage === 'pbs-store');
    expect(ctArchives).toHaveLength(2);
    expect(ctArchives.every((a) => a.format === 'pbs-ct')).toBe(true);

    // the newest snapshot, restored from the PBS storage to a new guest that is started
    const res = await http().post(`/api/vms/${vm.id}/backups/restore`).set(admin.auth).send({
      volid: volids[2],
      target: 'new',
      name: 'from-pbs',
      start: true,
    });
    expect(res.status).toBe(202);
    expect((await h.waitJob(res.body.job.id)).status).toBe('succeeded');
    const copy = await http().get(`/api/vms/${res.body.vmId}`).set(admin.auth);
    expect(copy.body).toMatchObject({ name: 'from-pbs', status: 'running', companyId: acme.id });
    expect(copy.body.vmid).not.toBe(vm.vmid);
    const restore = h.rt.state.tasks.find(
      (t) => t.type === 'qmrestore' && t.id === String(copy.body.vmid),
    )!;
    expect(restore.status).toBe('stopped');
    expect(restore.log.join('\n')).toContain(`restore proxmox backup image`);
    expect(restore.log.join('\n')).toContain(volids[2].slice('pbs-store:backup/'.length));
  }, 120_000);
});
