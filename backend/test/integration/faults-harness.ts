import type { DynamicModule, Type } from '@nestjs/common';
import { SecretsCipher } from '../../src/common/crypto/secrets-cipher';
import { ESXI_PASSWORD_CONTEXT } from '../../src/modules/esxi/esxi.service';
import type { Guest } from '../../src/generated/prisma/client';
import type { LoggedIn } from '../helpers/test-context';
import { VmsHarness } from './vms-harness';

type Accepted = Promise<{ status: number; body: { job?: { id: string } } }>;

/**
 * What the fault suites (faults, faults-matrix, faults-steps: issue 15) share: a VmsHarness with one
 * company owning the simulated guests, a worker to kill, and the kill point they all use (the worker
 * dies after Proxmox accepted a request and before its answer, so the task id, reached the job).
 */
export class FaultsHarness {
  /** The company's guests (not templates), by VMID. */
  guests: Guest[] = [];
  admin!: LoggedIn;
  companyId!: string;
  private template?: Promise<{ id: string }>;

  private constructor(readonly h: VmsHarness) {}

  static async start(opts: {
    nodes: number;
    guests: number;
    modules?: Array<Type | DynamicModule>;
    workerModules?: DynamicModule[];
    /** Only guests of this kind are the company's (default: all). */
    kind?: 'qemu' | 'lxc';
  }): Promise<FaultsHarness> {
    const { kind, ...harness } = opts;
    const f = new FaultsHarness(await VmsHarness.start(harness));
    const { ctx, clusterId } = f.h;
    const company = await ctx.newCompany();
    f.companyId = company.id;
    f.admin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: company.id }));
    f.guests = await ctx.prisma.guest.findMany({
      where: { clusterId, template: false, activeVmid: { not: null }, ...(kind ? { kind } : {}) },
      orderBy: { vmid: 'asc' },
    });
    // Test fixture: the guests belong to the company (as an import would do).
    await ctx.prisma.guest.updateMany({
      where: { id: { in: f.guests.map((g) => g.id) } },
      data: { companyId: company.id },
    });
    await f.h.startWorker();
    return f;
  }

  /** Back to a healthy simulator and a running worker (afterEach). */
  async reset(): Promise<void> {
    Object.assign(this.h.rt.faults, {
      errorRate: 0,
      latencyMs: 0,
      replyDelayMs: 0,
      lostReplies: 0,
      failedWrites: 0,
      speed: 0.05,
    });
    for (const n of this.h.rt.state.nodes) if (!n.online) this.h.setNodeOnline(n.name, true);
    if (!this.h.worker) await this.h.startWorker();
  }

  async close(): Promise<void> {
    await this.h.close();
  }

  sim(g: Guest) {
    return this.h.rt.state.guests.get(g.activeVmid!);
  }

  async until(what: string, fn: () => boolean, ms = 15_000): Promise<void> {
    const end = Date.now() + ms;
    while (!fn()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The request was taken as a job (202): its id. */
  async accepted(req: Accepted): Promise<string> {
    const res = await req;
    expect(res.status).toBe(202);
    return res.body.job!.id;
  }

  post(path: string, body: object, as: LoggedIn = this.admin): Promise<string> {
    return this.accepted(this.h.ctx.http.post(path).set(as.auth).send(body));
  }

  /** The guest is in `status` on Proxmox and in the platform (a case's precondition, set directly). */
  async put(g: Guest, status: 'running' | 'stopped'): Promise<void> {
    const sg = this.sim(g)!;
    sg.status = status;
    delete sg.lock;
    this.h.rt.changed();
    await this.h.ctx.prisma.guest.update({ where: { id: g.id }, data: { status } });
  }

  async logOf(jobId: string): Promise<string[]> {
    const rows = await this.h.ctx.prisma.jobLog.findMany({
      where: { jobId },
      orderBy: { id: 'asc' },
    });
    return rows.map((l) => l.line);
  }

  /** The kill point: once `started` holds (a reply delay is on), kill the worker, start a new one. */
  async killWhen(started: () => boolean): Promise<void> {
    await this.until('Proxmox to start the task', started);
    await this.h.killWorker();
    this.h.rt.faults.replyDelayMs = 0;
    await this.h.startWorker();
  }

  /** Sends under a 5 s reply delay and kills the worker once `started` holds; the job's id. */
  async killedAfterAccept(send: () => Promise<string>, started: () => boolean): Promise<string> {
    this.h.rt.faults.replyDelayMs = 5000;
    const id = await send();
    await this.killWhen(started);
    return id;
  }

  /** A QEMU template of the cluster the company may create from (scanned once). */
  companyTemplate(): Promise<{ id: string }> {
    const { h } = this;
    return (this.template ??= (async () => {
      const scan = await h.ctx.http
        .post('/api/templates/scan')
        .set(h.admin.auth)
        .send({ clusterId: h.clusterId });
      expect((await h.waitJob(scan.body.job.id)).status).toBe('succeeded');
      const tpl = (
        await h.ctx.http
          .get('/api/templates')
          .query({ clusterId: h.clusterId, pageSize: 200 })
          .set(h.admin.auth)
      ).body.items.find(
        (t: { kind: string; clusterId: string }) =>
          t.kind === 'qemu' && t.clusterId === h.clusterId,
      );
      await h.ctx.http
        .put(`/api/templates/${tpl.id}`)
        .set(h.admin.auth)
        .send({ allowedCompanyIds: [this.companyId] })
        .expect(200);
      return tpl as { id: string };
    })());
  }

  /** A discovered ESXi VM `name` (one 4 GiB disk, one NIC `mac`) of a new source on `host`. */
  async esxiVm(host: string, name: string, mac: string) {
    const { ctx, rt } = this.h;
    const source = await ctx.prisma.esxiSource.create({
      data: {
        companyId: this.companyId,
        name: `${name} esx`,
        host,
        port: 443,
        username: 'root',
        password: ctx.app.get(SecretsCipher).encrypt('esx-secret', ESXI_PASSWORD_CONTEXT),
        fingerprint: 'AB:'.repeat(31) + 'AB',
      },
    });
    const vm = await ctx.prisma.esxiVm.create({
      data: {
        sourceId: source.id,
        companyId: this.companyId,
        moref: `vm-${name}`,
        name,
        cpus: 2,
        memoryMb: 2048,
        powerState: 'poweredOff',
        ipAddresses: [],
        disks: [],
        nics: [
          {
            label: 'Network adapter 1',
            model: 'vmxnet3',
            mac,
            network: 'VM Network',
            connected: true,
          },
        ],
        vmxPath: `[LocalDS_0] ${name}/${name}.vmx`,
        discoveredAt: new Date(),
      },
    });
    rt.state.esxiGuests.push({
      server: host,
      path: `ha-datacenter/LocalDS_0/${name}/${name}.vmx`,
      name,
      cores: 2,
      memory: 2048,
      disks: [4],
      ostype: 'l26',
      firmware: 'bios',
      power: 'poweredOff',
      nics: [{ model: 'vmxnet3', macaddr: mac }],
    });
    return { source, vm };
  }
}
