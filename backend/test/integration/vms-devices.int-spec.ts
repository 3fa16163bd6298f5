import type { Company, Guest } from '../../src/generated/prisma/client';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

/**
 * The guest page's device edits through `PUT /api/vms/:id`: description, a new disk (scsiN / mpN),
 * the CD/DVD drive (mount an ISO, eject) and the boot order, against the in-process simulator with
 * every Proxmox request checked against the PVE 9.1 schema.
 */
describe('vms: description, add disk, CD/DVD and boot order (integration)', () => {
  let h: VmsHarness;
  let acme: Company;
  let acmeAdmin: LoggedIn;
  let globexAdmin: LoggedIn;
  let vm: Guest;
  let ct: Guest;
  const ISO = 'local:iso/debian-12.7.0-amd64-netinst.iso';
  const http = () => h.ctx.http;
  const put = (id: string, body: object, auth = acmeAdmin.auth) =>
    http().put(`/api/vms/${id}`).set(auth).send(body);
  const simConfig = (g: Guest) => h.rt.state.guests.get(g.vmid)!.config;

  beforeAll(async () => {
    h = await VmsHarness.start({ nodes: 2, guests: 8 });
    acme = await h.ctx.newCompany({ maxDiskGb: 10_000 });
    const globex = await h.ctx.newCompany();
    acmeAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme.id }),
    );
    globexAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: globex.id }),
    );
    const pick = (kind: 'qemu' | 'lxc') =>
      h.ctx.prisma.guest.findFirstOrThrow({
        where: { clusterId: h.clusterId, kind, template: false, activeVmid: { not: null } },
        orderBy: { vmid: 'asc' },
      });
    vm = await pick('qemu');
    ct = await pick('lxc');
    // Test fixture: the guests belong to the company (as an import would do).
    await h.ctx.prisma.guest.updateMany({
      where: { id: { in: [vm.id, ct.id] } },
      data: { companyId: acme.id },
    });
  });
  afterAll(async () => {
    await h?.close();
    expect(h.contract.violations).toEqual([]);
  });

  it('edits the description and shows it on the guest', async () => {
    const res = await put(vm.id, { description: 'Billing database\nowner: ops' });
    expect(res.status).toBe(200);
    expect(res.body.config.description).toBe('Billing database\nowner: ops');
    expect(String(simConfig(vm).description)).toContain('Billing database');
  });

  it('adds a disk on the next free SCSI slot (VM) and mount point (container), counted in usage', async () => {
    const before = (await http().get(`/api/vms/${vm.id}`).set(acmeAdmin.auth)).body.config;
    const keys = before.disks.map((d: { key: string }) => d.key);
    const usage = async () =>
      (await http().get(`/api/companies/${acme.id}/quota`).set(acmeAdmin.auth)).body.usage.diskGb;
    const used = await usage();
    const res = await put(vm.id, { addDisk: { storage: 'local-lvm', sizeGb: 7 } });
    expect(res.status).toBe(200);
    const added = res.body.config.disks.find((d: { key: string }) => !keys.includes(d.key));
    expect(added).toMatchObject({ storage: 'local-lvm', sizeGb: 7 });
    expect(added.key).toMatch(/^scsi\d+$/);
    expect(String(simConfig(vm)[added.key])).toMatch(/^local-lvm:vm-\d+-disk-\d+.*size=7G/);
    expect(await usage()).toBe(used + 7);

    const ctRes = await put(ct.id, {
      addDisk: { storage: 'local-lvm', sizeGb: 3, mountPath: '/srv/data' },
    });
    expect(ctRes.status).toBe(200);
    const mp = ctRes.body.config.disks.find((d: { raw: string }) => /mp=\/srv\/data/.test(d.raw));
    expect(mp).toMatchObject({ storage: 'local-lvm', sizeGb: 3 });
    expect(mp.key).toMatch(/^mp\d+$/);
    // The same mount path twice is refused before Proxmox is asked.
    const twice = await put(ct.id, {
      addDisk: { storage: 'local-lvm', sizeGb: 1, mountPath: '/srv/data' },
    });
    expect([twice.status, twice.body.code]).toEqual([409, 'CONFLICT']);
  });

  it('mounts a company-visible ISO, then ejects it', async () => {
    const media = await http()
      .get('/api/media')
      .query({ clusterId: h.clusterId, kind: 'iso' })
      .set(h.admin.auth);
    expect(media.body.map((m: { volid: string }) => m.volid)).toContain(ISO);
    const mounted = await put(vm.id, { cdrom: { isoVolid: ISO } });
    expect(mounted.status).toBe(200);
    const drive = mounted.body.config.cdroms[0];
    expect(drive).toEqual({ key: expect.stringMatching(/^(ide|sata)\d+$/), isoVolid: ISO });
    expect(String(simConfig(vm)[drive.key])).toMatch(/^local:iso\/debian.*media=cdrom/);
    const ejected = await put(vm.id, { cdrom: { isoVolid: null } });
    expect(ejected.status).toBe(200);
    expect(ejected.body.config.cdroms).toEqual([{ key: drive.key, isoVolid: null }]);
    expect(String(simConfig(vm)[drive.key])).toMatch(/^none,media=cdrom/);
  });

  it('sets the boot order from the devices the VM has', async () => {
    const cfg = (await http().get(`/api/vms/${vm.id}`).set(acmeAdmin.auth)).body.config;
    const cd = cfg.cdroms[0].key as string;
    const disk = cfg.disks[0].key as string;
    const res = await put(vm.id, { bootOrder: [cd, disk, 'net0'] });
    expect(res.status).toBe(200);
    expect(res.body.config.bootOrder).toEqual([cd, disk, 'net0']);
    expect(simConfig(vm).boot).toBe(`order=${cd};${disk};net0`);
  });

  it('answers bad input with clear 4xx codes and changes nothing', async () => {
    const boot = simConfig(vm).boot;
    const cases: Array<[string, object, number, string]> = [
      [vm.id, { bootOrder: ['scsi9', 'net0'] }, 400, 'VALIDATION_FAILED'],
      [vm.id, { bootOrder: ['net0', 'net0'] }, 400, 'VALIDATION_FAILED'],
      [vm.id, { bootOrder: ['efidisk0'] }, 400, 'VALIDATION_FAILED'],
      [vm.id, { cdrom: { isoVolid: 'local:iso/nope.iso' } }, 400, 'VALIDATION_FAILED'],
      [vm.id, { cdrom: { isoVolid: 'local-lvm:vm-1-disk-0' } }, 400, 'VALIDATION_FAILED'],
      [vm.id, { addDisk: { storage: 'local', sizeGb: 5 } }, 400, 'VALIDATION_FAILED'],
      [vm.id, { addDisk: { storage: 'nowhere', sizeGb: 5 } }, 400, 'VALIDATION_FAILED'],
      [vm.id, { addDisk: { storage: 'local-lvm', sizeGb: 0 } }, 400, 'VALIDATION_FAILED'],
      [ct.id, { cdrom: { isoVolid: ISO } }, 400, 'VALIDATION_FAILED'],
      [ct.id, { bootOrder: ['net0'] }, 400, 'VALIDATION_FAILED'],
      [
        ct.id,
        { addDisk: { storage: 'local-lvm', sizeGb: 1, mountPath: '/a/../etc' } },
        400,
        'VALIDATION_FAILED',
      ],
      [vm.id, { addDisk: { storage: 'local-lvm', sizeGb: 60_000 } }, 409, 'QUOTA_EXCEEDED'],
    ];
    for (const [id, body, status, code] of cases) {
      const res = await put(id, body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([
        JSON.stringify(body),
        status,
        code,
      ]);
    }
    expect(simConfig(vm).boot).toBe(boot);
  });

  it('hides the guest from another company (404) and refuses a user without the edit right (403/404)', async () => {
    for (const body of [
      { description: 'x' },
      { addDisk: { storage: 'local-lvm', sizeGb: 1 } },
      { cdrom: { isoVolid: ISO } },
      { bootOrder: ['net0'] },
    ]) {
      const res = await put(vm.id, body, globexAdmin.auth);
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    }
    const user = await h.ctx.newUser({ role: 'user', companyId: acme.id });
    await http()
      .put(`/api/vms/${vm.id}/grants`)
      .set(acmeAdmin.auth)
      .send([{ userId: user.id, rights: ['view'] }]);
    const res = await put(vm.id, { bootOrder: ['net0'] }, (await h.ctx.login(user)).auth);
    expect(res.status).toBe(403);
  });
});
