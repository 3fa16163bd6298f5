import { Injectable, Logger } from '@nestjs/common';
import type {
  EsxiAgentCheck,
  EsxiImportAccepted,
  EsxiImportInput,
  EsxiImportPlan,
  EsxiImportPlanInput,
  EsxiNic,
  EsxiPostImportHint,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { AppConfig } from '../../config/app-config';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AppError, notFound } from '../../common/errors/app-error';
import type { ProxmoxApi } from '../../common/proxmox';
import { toStr } from '../../common/proxmox/lenient';
import { releaseVmid, reserveVmid } from '../../common/proxmox/vmid-reservation';
import { RedisService } from '../../common/redis/redis.service';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { GuestsService } from '../guests/guests.service';
import { IpamService } from '../ipam/ipam.service';
import { JobCancelledError } from '../jobs/job-cancelled';
import type { JobFailure, JobRunContext } from '../jobs/job-context';
import { JobsService } from '../jobs/jobs.service';
import { NodeSemaphore } from '../jobs/node-semaphore';
import { exceededLimit, QuotasService } from '../quotas/quotas.service';
import { checkGuestAgent } from './esxi-agent-check';
import {
  esxiStorageId,
  findVmxVolume,
  importCreateParams,
  mapNics,
  pveGuestName,
  toImportPlan,
} from './esxi-import-plan';
import { EsxiRepository, type EsxiSourceRow, type EsxiVmRow } from './esxi.repository';
import { ESXI_PASSWORD_CONTEXT } from './esxi.service';
import { VsphereClient } from './vsphere-client';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/** PVE keeps a storage password of at most 256 characters. */
const PVE_PASSWORD_MAX = 256;
/** A cancel asked for is kept this long (the job has ended long before). */
const CANCEL_TTL_S = 24 * 3600;

/**
 * Importing a discovered VM with Proxmox VE's own importer: the source becomes a storage of type
 * esxi on the target cluster, import-metadata says what Proxmox would create (and warns), and the
 * job creates the VM with `import-from` disks. The new guest belongs to the source's company at once
 * (a placeholder row with the quota reserved), with IPAM addresses where a range is mapped.
 */
@Injectable()
export class EsxiImportService {
  private readonly logger = new Logger(EsxiImportService.name);
  /** Imports copying from one ESXi source at once, across every worker (Redis). */
  readonly sourceSlots: NodeSemaphore;

  constructor(
    private readonly repo: EsxiRepository,
    private readonly access: AccessService,
    private readonly cipher: SecretsCipher,
    private readonly connections: ClusterConnectionService,
    private readonly guests: GuestsService,
    private readonly ipam: IpamService,
    private readonly quotas: QuotasService,
    private readonly jobs: JobsService,
    private readonly activity: ActivityService,
    private readonly redis: RedisService,
    config: AppConfig,
  ) {
    this.sourceSlots = new NodeSemaphore(
      redis.client,
      (_scope, sourceId) => redis.key('esxi-source-slots', sourceId),
      config.env.ESXI_IMPORTS_PER_SOURCE,
    );
  }

  /** What Proxmox would create from the VM on `node`, with its warnings; adds the esxi storage. */
  async plan(
    actor: Actor,
    sourceId: string,
    vmId: string,
    input: EsxiImportPlanInput,
  ): Promise<EsxiImportPlan> {
    const { source, vm } = await this.load(actor, sourceId, vmId);
    const api = await this.target(actor, source, input.clusterId, input.node);
    return this.readPlan(api, source, vm, input.node);
  }

  async start(
    actor: Actor,
    sourceId: string,
    vmId: string,
    input: EsxiImportInput,
    shared: ImportMemo = new Map(),
    wave: { shutdownSource?: boolean; verifyAgentSeconds?: number } = {},
  ): Promise<EsxiImportAccepted> {
    const { source, vm } = await this.load(actor, sourceId, vmId);
    const companyId = source.companyId;
    const at = `${input.clusterId}/${input.node}`;
    const api = await memo(shared, `target ${at}`, () =>
      this.target(actor, source, input.clusterId, input.node),
    );
    const images = await memo(shared, `images ${at}`, () =>
      api.storages(input.node, { content: 'images', enabled: true }),
    );
    if (!images.some((s) => s.storage === input.storage))
      throw invalid('storage', `${input.storage} does not hold VM disks on ${input.node}`);
    const plan = await memo(shared, `plan ${vm.id} ${input.node}`, () =>
      this.readPlan(api, source, vm, input.node, shared),
    );
    if (!plan.disks.length)
      throw new AppError('CONFLICT', `Proxmox found no disk to import for ${vm.name}`);
    const mapped = mapNics(plan.nics, input.networks);
    const ranges = mapped.flatMap((m) => (m.ipamRangeId ? [m.ipamRangeId] : []));
    await this.ipam.requireGuestRanges(actor, companyId, ranges);

    const addresses = await this.ipam.allocateGuestNics(
      actor,
      companyId,
      input.clusterId,
      mapped.flatMap((m, nic) =>
        m.ipamRangeId ? [{ nic, rangeId: m.ipamRangeId, prefer: vm.ipAddresses as string[] }] : [],
      ),
    );
    const addressIds = addresses.map((a) => a.addressId);
    try {
      const name = input.name ?? pveGuestName(vm.name);
      const nics = mapped.map((m, i) => {
        const vlan = m.vlan ?? addresses.find((a) => a.nic === i)?.vlan ?? undefined;
        return { key: m.key, bridge: m.bridge, ...(vlan ? { vlan } : {}) };
      });
      const { diskBytes, ...delta } = sizing(plan, vm);
      const { vcpus: cores, memoryMb } = delta;
      const job = await this.quotas.reserve(companyId, delta, async (tx) => {
        const placeholder = await this.guests.insertPlaceholder(tx, {
          clusterId: input.clusterId,
          companyId,
          kind: 'qemu',
          name,
          node: input.node,
          cores,
          memoryBytes: BigInt(memoryMb * MIB),
          diskBytes: BigInt(diskBytes),
          tags: [],
        });
        return this.jobs.create(
          {
            type: 'esxi.import',
            companyId,
            actorId: actor.principal.userId,
            guestId: placeholder.id,
            clusterId: input.clusterId,
            node: input.node,
            params: {
              sourceId: source.id,
              esxiVmId: vm.id,
              clusterId: input.clusterId,
              node: input.node,
              esxiStorage: plan.esxiStorage,
              volid: plan.volid,
              storage: input.storage,
              name,
              nics,
              start: input.start,
              live: input.live,
              ...(wave.shutdownSource ? { shutdownSource: true } : {}),
              ...(wave.verifyAgentSeconds ? { verifyAgentSeconds: wave.verifyAgentSeconds } : {}),
            },
            message: `Import ${vm.name} from ${source.name} as ${name}`,
          },
          tx,
        );
      });
      const lines = [
        `import ${plan.volid} to ${input.node}/${input.storage}`,
        ...plan.warnings.map((w) => `warning: ${w.type}: ${w.message}`),
        ...addresses.map((a) => `net${a.nic}: IPAM address ${a.address}`),
      ];
      const dto = await this.jobs.enqueue(job, lines);
      await this.ipam.attachGuest(addressIds, job.guestId!);
      await this.activity.record({
        action: 'esxi.vm.import',
        actor: actor.principal,
        companyId,
        resourceType: 'esxi_source',
        resourceId: source.id,
        details: {
          vm: vm.name,
          clusterId: input.clusterId,
          node: input.node,
          storage: input.storage,
          newGuestId: job.guestId,
          warnings: plan.warnings.map((w) => w.type),
        },
      });
      return { job: dto, vmId: job.guestId!, warnings: plan.warnings };
    } catch (err) {
      await this.ipam.releaseNow(addressIds);
      throw err;
    }
  }

  /**
   * Before a wave starts: the disks of its VMs fit on their target storages (free space Proxmox
   * reports now) and the new guests fit in the company's quota, all of them together. A VM whose
   * plan cannot be read is left out (its own import is refused with the reason).
   */
  async checkWave(
    actor: Actor,
    sourceId: string,
    target: { clusterId: string; node: string },
    items: Array<{ esxiVmId: string; storage: string }>,
    shared: ImportMemo,
  ): Promise<void> {
    const source = await this.repo.source(actor.scope, sourceId);
    if (!source) throw notFound('ESXi source');
    const at = `${target.clusterId}/${target.node}`;
    const api = await memo(shared, `target ${at}`, () =>
      this.target(actor, source, target.clusterId, target.node),
    );
    const images = await memo(shared, `images ${at}`, () =>
      api.storages(target.node, { content: 'images', enabled: true }),
    );
    const need = new Map<string, number>();
    const total = { guests: 0, vcpus: 0, memoryMb: 0, diskGb: 0 };
    for (const item of items) {
      const vm = await this.repo.vm(actor.scope, sourceId, item.esxiVmId);
      if (!vm || !source.fingerprint) continue;
      const plan = await memo(shared, `plan ${vm.id} ${target.node}`, () =>
        this.readPlan(api, source, vm, target.node, shared),
      ).catch((err: unknown) => {
        if (err instanceof AppError && err.code !== 'DEPENDENCY_UNAVAILABLE') return null;
        throw err;
      });
      if (!plan) continue;
      const { diskBytes, ...delta } = sizing(plan, vm);
      need.set(item.storage, (need.get(item.storage) ?? 0) + diskBytes);
      for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += delta[k];
    }
    for (const [storage, bytes] of need) {
      const avail = images.find((s) => s.storage === storage)?.avail;
      if (avail != null && bytes > avail)
        throw new AppError(
          'CONFLICT',
          `The wave needs ${gib(bytes)} on ${storage}, which has ${gib(avail)} free on ${target.node}`,
          { storage, neededBytes: bytes, freeBytes: avail },
        );
    }
    const quota = await this.quotas.get(actor, source.companyId);
    const over = exceededLimit(quota.limits, quota.usage, total);
    if (over)
      throw new AppError(
        'QUOTA_EXCEEDED',
        `The wave is over the company's quota: ${over.limit} would be ${over.used + over.requested} of ${over.max}`,
        over,
      );
  }

  /**
   * Ask a queued or running import to stop. It stops while it waits for a slot or before Proxmox
   * starts copying the disks; once the copy has started the import finishes (the job log says so).
   */
  async requestCancel(jobId: string): Promise<void> {
    await this.redis.client.set(this.cancelKey(jobId), '1', 'EX', CANCEL_TTL_S);
  }

  private cancelKey(jobId: string): string {
    return this.redis.key('esxi-import-cancel', jobId);
  }

  private async stopIfCancelled(ctx: JobRunContext<'esxi.import'>, step: string): Promise<void> {
    // A resumed job whose create task was (maybe) started already goes on: Proxmox may be copying.
    if (ctx.state.step === 'import' || ctx.state.pending === 'import') return;
    if ((await this.redis.client.exists(this.cancelKey(ctx.job.id))) === 1)
      throw new JobCancelledError(`Cancelled before ${step}`);
  }

  // --- worker side -------------------------------------------------------------------------

  /** Creates the VM with import-from disks; each step is a checkpoint a restarted worker skips. */
  async run(ctx: JobRunContext<'esxi.import'>) {
    const p = ctx.params;
    const guestId = ctx.job.guestId!;
    await this.stopIfCancelled(ctx, 'the import');
    const { api } = await this.connections.open(p.clusterId, 'background');
    const target = { clusterId: p.clusterId, node: p.node };
    let vmid = ctx.state.vmid as number | undefined;
    if (!vmid) {
      vmid = await reserveVmid(this.redis, api, p.clusterId);
      ctx.state.vmid = vmid;
      await this.guests.update(guestId, { vmid });
      await ctx.save([`importing as VMID ${vmid}`]);
    }
    const id = vmid;
    if (!ctx.state.created) {
      await ctx.progress(2, 'Waiting for a free import slot of the ESXi source');
      await this.acquireSourceSlot(ctx);
      try {
        await this.stopIfCancelled(ctx, 'the disks were copied');
        if (p.shutdownSource && ctx.state.sourceShutDown === undefined) {
          await ctx.progress(3, 'Shutting the source VM down on ESXi');
          ctx.state.sourceShutDown = await this.shutDownSource(ctx);
          await ctx.save([
            ctx.state.sourceShutDown
              ? 'source VM shut down on ESXi'
              : 'source VM was already powered off',
          ]);
        }
        await ctx.progress(5, 'Reading the import metadata');
        const meta = await api.importMetadata(p.node, p.esxiStorage, volname(p.volid));
        const plan = toImportPlan(p.esxiStorage, p.volid, meta, []);
        const params = importCreateParams(plan, {
          vmid: id,
          ...p,
          agent: (p.verifyAgentSeconds ?? 0) > 0,
        });
        ctx.state.hints = plan.hints;
        await ctx.log([
          ...plan.disks.map((d) => `${d.key}: ${d.volid} (${gib(d.sizeBytes)})`),
          ...plan.hints.map((h) => `after import: ${h.message}`),
        ]);
        await ctx.runTask('import', api, target, () => api.createQemu(p.node, params), {
          from: 10,
          to: 90,
          task: { vmid: id, types: ['qmcreate'] },
        });
      } finally {
        if (!ctx.signal.aborted)
          await this.sourceSlots.release('esxi', p.sourceId, ctx.job.id).catch(() => undefined);
      }
      ctx.state.created = true;
      await ctx.save();
    }
    // Once Proxmox has created the VM, a cancel no longer applies: the guest is kept and finished.
    if (p.start && !p.live && !ctx.state.started) {
      await ctx.runTask('start', api, target, () => api.power(p.node, 'qemu', id, 'start'), {
        from: 90,
        to: 98,
        task: { vmid: id, types: ['qmstart'] },
      });
      ctx.state.started = true;
      await ctx.save();
    }
    const status = toStr((await api.guestStatus(p.node, 'qemu', id)).status) ?? 'stopped';
    await releaseVmid(this.redis, p.clusterId, id);
    await this.redis.client.del(this.cancelKey(ctx.job.id)).catch(() => undefined);
    await this.guests.activate(guestId, p.clusterId, id, {
      status,
      node: p.node,
      lock: null,
      name: p.name,
      lastSeenAt: new Date(),
    });
    if (p.verifyAgentSeconds && status === 'running' && !ctx.state.agent) {
      await ctx.progress(99, 'Waiting for the guest agent to answer');
      const agent = await checkGuestAgent(api, p.node, id, p.verifyAgentSeconds, ctx.signal);
      ctx.state.agent = agent;
      await ctx.save([
        agent.answered
          ? `guest agent answered after ${agent.waitedSeconds} s: ${agent.addresses.join(', ') || 'no address'}`
          : `guest agent did not answer within ${p.verifyAgentSeconds} s (install qemu-guest-agent in the guest)`,
      ]);
    }
    return {
      vmid: id,
      node: p.node,
      status,
      guestId,
      agent: (ctx.state.agent as EsxiAgentCheck | undefined) ?? null,
      hints: (ctx.state.hints as EsxiPostImportHint[] | undefined) ?? [],
    };
  }

  private async shutDownSource(ctx: JobRunContext<'esxi.import'>): Promise<boolean> {
    const { source, vm } = await this.jobSourceVm(ctx.job.companyId!, ctx.params);
    return this.withVsphere(source, (client) => client.shutdown(vm.moref));
  }

  /** Powers a source VM on again (a wave's rollback); false when it was on already. */
  async powerOnSource(companyId: string, sourceId: string, esxiVmId: string): Promise<boolean> {
    const { source, vm } = await this.jobSourceVm(companyId, { sourceId, esxiVmId });
    return this.withVsphere(source, (client) => client.powerOn(vm.moref));
  }

  private async jobSourceVm(companyId: string, p: { sourceId: string; esxiVmId: string }) {
    const source = await this.repo.sourceForJob(companyId, p.sourceId);
    const vm = source ? await this.repo.vmForJob(companyId, p.sourceId, p.esxiVmId) : null;
    if (!source || !vm) throw notFound('ESXi VM');
    return { source, vm };
  }

  private async withVsphere<T>(
    source: EsxiSourceRow,
    fn: (client: VsphereClient) => Promise<T>,
  ): Promise<T> {
    const client = new VsphereClient(source.host, source.port, source.fingerprint);
    try {
      await client.login(
        source.username,
        this.cipher.decrypt(source.password, ESXI_PASSWORD_CONTEXT),
      );
      return await fn(client);
    } finally {
      await client.logout();
    }
  }

  /** Waits for a slot; a cancel asked for meanwhile ends the wait. */
  private async acquireSourceSlot(ctx: JobRunContext<'esxi.import'>): Promise<void> {
    const waiting = new AbortController();
    const onAbort = () => waiting.abort();
    ctx.signal.addEventListener('abort', onAbort);
    const watch = setInterval(() => {
      void this.redis.client
        .exists(this.cancelKey(ctx.job.id))
        .then((n) => n === 1 && waiting.abort())
        .catch(() => undefined);
    }, 500);
    try {
      await this.sourceSlots.acquire('esxi', ctx.params.sourceId, ctx.job.id, waiting.signal);
    } catch (err) {
      if (!ctx.signal.aborted && waiting.signal.aborted)
        throw new JobCancelledError('Cancelled while waiting for an import slot');
      throw err;
    } finally {
      clearInterval(watch);
      ctx.signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * The placeholder goes, its addresses and quota with it (also for a cancelled import, which
   * stops before Proxmox creates anything).
   */
  async failed({ job, params, state, error }: JobFailure<'esxi.import'>) {
    await this.redis.client.del(this.cancelKey(job.id)).catch(() => undefined);
    if (typeof state.vmid === 'number') await releaseVmid(this.redis, params.clusterId, state.vmid);
    if (!job.guestId) return;
    const g = await this.guests.findById(job.guestId);
    if (!g || g.activeVmid !== null) return;
    await this.guests.markGone(job.guestId, 'failed');
    await this.ipam.releaseGuest(job.guestId, null, { immediate: true });
    this.logger.warn(`import ${job.id} failed, reservation released: ${error}`);
  }

  // --- helpers ------------------------------------------------------------------------------

  private async load(actor: Actor, sourceId: string, vmId: string) {
    const source = await this.repo.source(actor.scope, sourceId);
    if (!source) throw notFound('ESXi source');
    const vm = await this.repo.vm(actor.scope, sourceId, vmId);
    if (!vm) throw notFound('ESXi VM');
    if (!source.fingerprint)
      throw new AppError(
        'ESXI_CERTIFICATE_UNTRUSTED',
        'Accept the host’s certificate fingerprint (test the connection) before importing',
      );
    return { source, vm };
  }

  /** The cluster (one the source's company may place guests on) and an online node of it. */
  private async target(
    actor: Actor,
    source: EsxiSourceRow,
    clusterId: string,
    node: string,
  ): Promise<ProxmoxApi> {
    await this.access.requireCluster(actor, clusterId, 'use', { companyId: source.companyId });
    const { api } = await this.connections.open(clusterId, 'interactive', {
      whenOffline: 'refuse',
    });
    const n = (await api.nodes()).find((x) => x.node === node);
    if (!n) throw notFound('Node');
    if (n.status !== 'online')
      throw new AppError('NODE_OFFLINE', `Node ${node} is offline`, { node });
    return api;
  }

  private async readPlan(
    api: ProxmoxApi,
    source: EsxiSourceRow,
    vm: EsxiVmRow,
    node: string,
    shared: ImportMemo = new Map(),
  ): Promise<EsxiImportPlan> {
    const storage = await memo(shared, `esxi ${source.id}`, () => this.ensureStorage(api, source));
    const content = await memo(shared, `content ${node}/${storage}`, () =>
      api.storageContent(node, storage, { content: 'import' }),
    );
    const volid = findVmxVolume(
      content.map((c) => c.volid),
      vm.vmxPath,
    );
    if (!volid)
      throw new AppError(
        'ESXI_IMPORT_SOURCE_MISSING',
        `Proxmox does not see ${vm.name} (${vm.vmxPath ?? 'no .vmx path: discover again'}) on ${source.host}`,
      );
    const meta = await api.importMetadata(node, storage, volname(volid));
    return toImportPlan(storage, volid, meta, vm.nics as unknown as EsxiNic[]);
  }

  /**
   * The esxi storage reaching this source on the cluster, added on first use. PVE cannot pin a
   * fingerprint for it, so it skips certificate verification: only for a source whose certificate
   * staff accepted.
   */
  private async ensureStorage(api: ProxmoxApi, source: EsxiSourceRow): Promise<string> {
    const id = esxiStorageId(source.id);
    const has = async () => (await api.storageConfigs('esxi')).some((s) => s.storage === id);
    if (await has()) return id;
    const password = this.cipher.decrypt(source.password, ESXI_PASSWORD_CONTEXT);
    if (password.length > PVE_PASSWORD_MAX)
      throw new AppError(
        'VALIDATION_FAILED',
        `Proxmox keeps ESXi passwords of at most ${PVE_PASSWORD_MAX} characters; shorten the source's password`,
      );
    try {
      await api.createStorage({
        storage: id,
        type: 'esxi',
        server: source.host,
        ...(source.port !== 443 ? { port: source.port } : {}),
        username: source.username,
        password,
        content: 'import',
        'skip-cert-verification': 1,
      });
    } catch (err) {
      // Another import added it at the same moment.
      if (!(await has())) throw err;
    }
    return id;
  }
}

/**
 * Reads a batch of imports shares (a wave: same source, cluster and node): the cluster check, the
 * node's storages, the esxi storage and its listing are read once, not once per VM.
 */
export type ImportMemo = Map<string, Promise<unknown>>;

function memo<T>(m: ImportMemo, key: string, read: () => Promise<T>): Promise<T> {
  if (!m.has(key)) m.set(key, read());
  return m.get(key) as Promise<T>;
}

/** What a VM takes once imported: quota units and the bytes its disks need on the target. */
function sizing(plan: EsxiImportPlan, vm: EsxiVmRow) {
  const diskBytes = plan.disks.reduce((s, d) => s + d.sizeBytes, 0);
  const vcpus =
    Number(plan.createArgs.cores ?? vm.cpus) * Number(plan.createArgs.sockets ?? 1) || 1;
  const memoryMb = Number(plan.createArgs.memory ?? vm.memoryMb) || vm.memoryMb;
  return { guests: 1, vcpus, memoryMb, diskGb: Math.ceil(diskBytes / GIB), diskBytes };
}

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message, code: 'custom' }]);

/** `esxi-x:dc/ds/vm/vm.vmx` → `dc/ds/vm/vm.vmx` (import-metadata takes the volume name). */
function volname(volid: string): string {
  return volid.slice(volid.indexOf(':') + 1);
}

function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(1)} GiB`;
}
