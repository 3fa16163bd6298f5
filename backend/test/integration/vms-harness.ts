import type { INestApplicationContext } from '@nestjs/common';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { startSimulator, type RunningSimulator } from '@multpanel/simulator';
import { ProxmoxApi } from '../../src/common/proxmox';
import { pveContractChecker } from '../../src/common/proxmox/testing/pve-contract';
import { AppConfig } from '../../src/config/app-config';
import { CoreModule } from '../../src/core.module';
import { ClusterConnectionService } from '../../src/modules/clusters/cluster-connection.service';
import { InventorySyncService } from '../../src/modules/inventory/inventory-sync.service';
import { InventoryModule } from '../../src/modules/inventory/inventory.module';
import { JobsModule } from '../../src/modules/jobs/jobs.module';
import { JobsWorker } from '../../src/modules/jobs/jobs-worker';
import type { JobsWorkerOverrides } from '../../src/modules/jobs/jobs-worker.options';
import { TemplatesModule } from '../../src/modules/templates/templates.module';
import { VmsModule } from '../../src/modules/vms/vms.module';
import { TestContext, type LoggedIn } from '../helpers/test-context';

/** API + in-process simulator + a killable worker for the VM integration tests and benches. */
export class VmsHarness {
  worker?: INestApplicationContext;
  readonly contract = pveContractChecker();
  admin!: LoggedIn;
  clusterId!: string;
  /** Every simulated cluster's id, in the simulator's order (`clusterId` is the first). */
  clusterIds: string[] = [];

  /** Extra feature worker modules (other suites reuse the harness, e.g. backups). */
  private workerModules: DynamicModule[] = [];

  private constructor(
    readonly ctx: TestContext,
    readonly sim: RunningSimulator,
  ) {}

  static async start(
    opts: {
      nodes?: number;
      guests?: number;
      taskSpeed?: number;
      modules?: Array<Type | DynamicModule>;
      workerModules?: DynamicModule[];
      env?: Record<string, string>;
      /** Simulated clusters (default 1), each registered with the platform. */
      clusters?: number;
    } = {},
  ): Promise<VmsHarness> {
    const sim = await startSimulator({
      port: 0,
      clusters: opts.clusters ?? 1,
      nodes: opts.nodes ?? 3,
      guests: opts.guests ?? 12,
      quiet: true,
      taskSpeed: opts.taskSpeed ?? 0.05,
    });
    const ctx = await TestContext.create({
      modules: [VmsModule, InventoryModule, ...(opts.modules ?? [])],
      env: opts.env,
    });
    const h = new VmsHarness(ctx, sim);
    h.workerModules = opts.workerModules ?? [];
    ctx.app
      .get(ClusterConnectionService)
      .setClientDecorator((o) => ({ ...o, onRequest: h.contract.onRequest }));
    h.admin = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    for (let i = 0; i < sim.clusters.length; i++) h.clusterIds.push(await h.register(i));
    h.clusterId = h.clusterIds[0];
    return h;
  }

  /** Registers simulated cluster `i` with the platform (token auth), online and synced. */
  private async register(i: number): Promise<string> {
    const { ctx, sim } = this;
    const c = sim.clusters[i];
    const root = ProxmoxApi.create({
      endpoints: [c.url],
      fingerprint: c.fingerprint,
      auth: { type: 'password', username: 'root@pam', password: 'sim-password' },
    });
    const token = await root.createApiToken('root@pam', `mp${Date.now()}`, { privsep: false });
    root.close();
    const res = await ctx.http
      .post('/api/clusters')
      .set(this.admin.auth)
      .send({
        name: ctx.unique('sim'),
        endpoints: [{ url: c.url, fingerprint: c.fingerprint }],
        credentials: { type: 'token', tokenId: token['full-tokenid'], secret: token.value },
        tags: [],
      });
    if (res.status !== 201)
      throw new Error(`cluster create: ${res.status} ${JSON.stringify(res.body)}`);
    const id = res.body.id as string;
    await ctx.prisma.cluster.update({ where: { id }, data: { status: 'online' } });
    await ctx.app.get(InventorySyncService).sync(id);
    return id;
  }

  /** A worker with the VM and template handlers only; the tests drive scans and seeding. */
  async startWorker(opts: JobsWorkerOverrides = {}): Promise<INestApplicationContext> {
    const config = this.ctx.config;
    @Module({
      imports: [
        CoreModule.forRoot(config),
        JobsModule.forWorker({
          strict: false,
          schedulers: false,
          pollIntervalMs: 100,
          ...opts,
          queues: { tasks: { lockDurationMs: 1500, stalledIntervalMs: 700 }, ...opts.queues },
        }),
        VmsModule.forWorker(),
        TemplatesModule.forWorker(),
        ...this.workerModules,
      ],
      providers: [{ provide: AppConfig, useValue: config }],
    })
    class TestWorkerModule {}
    const worker = await NestFactory.createApplicationContext(TestWorkerModule, {
      logger: false,
      abortOnError: false,
    });
    worker
      .get(ClusterConnectionService)
      .setClientDecorator((o) => ({ ...o, onRequest: this.contract.onRequest }));
    await worker.init();
    this.worker = worker;
    return worker;
  }

  /** Simulates a crashed worker process: in-flight jobs stay "running" with their UPIDs. */
  async killWorker(): Promise<void> {
    if (!this.worker) return;
    await this.worker.get(JobsWorker).kill();
    await this.worker.close();
    this.worker = undefined;
  }

  async stopWorker(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }

  /** Fault knobs, the same ones /_sim exposes over HTTP. */
  get rt() {
    return this.sim.runtimes[0];
  }

  failNextTasks(count: number): void {
    this.rt.faults.failTasks = count;
  }

  setSpeed(factor: number): void {
    this.rt.faults.speed = factor;
  }

  setNodeOnline(node: string, online: boolean): void {
    const n = this.rt.state.nodes.find((x) => x.name === node);
    if (!n) throw new Error(`no node ${node}`);
    n.online = online;
    this.rt.changed();
  }

  /** A minimal valid create body: a QEMU clone of `templateId` with a unique name, 2 cores, 1 GiB. */
  vmBody(
    companyId: string,
    templateId: string,
    label: string,
    over: Record<string, unknown> = {},
  ): Record<string, unknown> & { name: string } {
    return {
      companyId,
      kind: 'qemu',
      source: { type: 'template', templateId },
      name: this.ctx
        .unique(label)
        .replace(/[^a-z0-9-]/gi, '')
        .slice(0, 40),
      cores: 2,
      memoryMb: 1024,
      disks: [{ sizeGb: 40 }],
      networks: [{ bridge: 'vmbr0' }],
      ...over,
    };
  }

  /** Guests on the simulated cluster with this name (duplicate detection). */
  /** Scans the cluster's templates and lets `companyIds` use its QEMU template; returns its id. */
  async qemuTemplateFor(companyIds: string[]): Promise<string> {
    const scan = await this.ctx.http
      .post('/api/templates/scan')
      .set(this.admin.auth)
      .send({ clusterId: this.clusterId });
    if ((await this.waitJob(scan.body.job.id)).status !== 'succeeded')
      throw new Error('the template scan failed');
    const list = await this.ctx.http
      .get('/api/templates')
      .query({ clusterId: this.clusterId, pageSize: 200 })
      .set(this.admin.auth);
    const id: string = list.body.items.find(
      (t: { kind: string; clusterId: string }) =>
        t.kind === 'qemu' && t.clusterId === this.clusterId,
    ).id;
    await this.ctx.http
      .put(`/api/templates/${id}`)
      .set(this.admin.auth)
      .send({ allowedCompanyIds: companyIds });
    return id;
  }

  simGuestsNamed(name: string): number[] {
    return [...this.rt.state.guests.values()]
      .filter((g) => (g.config.name ?? g.config.hostname) === name)
      .map((g) => g.vmid);
  }

  async waitJob(
    id: string,
    timeoutMs = 20_000,
  ): Promise<{ status: string; error: string | null; upid: string | null; result: unknown }> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const j = await this.ctx.prisma.job.findUniqueOrThrow({ where: { id } });
      if (['succeeded', 'failed', 'cancelled'].includes(j.status)) return j;
      if (Date.now() > until) throw new Error(`job ${id} still ${j.status} (${j.message})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(): Promise<void> {
    await this.stopWorker().catch(() => undefined);
    await this.ctx.close();
    await this.sim.close();
  }
}
