import { Injectable, Logger } from '@nestjs/common';
import type {
  EsxiImportAccepted,
  EsxiImportInput,
  EsxiImportPlan,
  EsxiImportPlanInput,
  EsxiNic,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
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
import type { JobFailure, JobRunContext } from '../jobs/job-context';
import { JobsService } from '../jobs/jobs.service';
import { QuotasService } from '../quotas/quotas.service';
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

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/** PVE keeps a storage password of at most 256 characters. */
const PVE_PASSWORD_MAX = 256;

/**
 * Importing a discovered VM with Proxmox VE's own importer: the source becomes a storage of type
 * esxi on the target cluster, import-metadata says what Proxmox would create (and warns), and the
 * job creates the VM with `import-from` disks. The new guest belongs to the source's company at once
 * (a placeholder row with the quota reserved), with IPAM addresses where a range is mapped.
 */
@Injectable()
export class EsxiImportService {
  private readonly logger = new Logger(EsxiImportService.name);

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
  ) {}

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
    const plan = await this.readPlan(api, source, vm, input.node, shared);
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
      const diskBytes = plan.disks.reduce((s, d) => s + d.sizeBytes, 0);
      const cores =
        Number(plan.createArgs.cores ?? vm.cpus) * Number(plan.createArgs.sockets ?? 1) || 1;
      const memoryMb = Number(plan.createArgs.memory ?? vm.memoryMb) || vm.memoryMb;
      const delta = {
        guests: 1,
        vcpus: cores,
        memoryMb,
        diskGb: Math.ceil(diskBytes / GIB),
      };
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

  // --- worker side -------------------------------------------------------------------------

  /** Creates the VM with import-from disks; each step is a checkpoint a restarted worker skips. */
  async run(ctx: JobRunContext<'esxi.import'>) {
    const p = ctx.params;
    const guestId = ctx.job.guestId!;
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
      await ctx.progress(5, 'Reading the import metadata');
      const meta = await api.importMetadata(p.node, p.esxiStorage, volname(p.volid));
      const plan = toImportPlan(p.esxiStorage, p.volid, meta, []);
      const params = importCreateParams(plan, { vmid: id, ...p });
      await ctx.log(plan.disks.map((d) => `${d.key}: ${d.volid} (${gib(d.sizeBytes)})`));
      await ctx.runTask('import', api, target, () => api.createQemu(p.node, params), {
        from: 10,
        to: 90,
        task: { vmid: id, types: ['qmcreate'] },
      });
      ctx.state.created = true;
      await ctx.save();
    }
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
    await this.guests.activate(guestId, p.clusterId, id, {
      status,
      node: p.node,
      lock: null,
      name: p.name,
      lastSeenAt: new Date(),
    });
    return { vmid: id, node: p.node, status, guestId };
  }

  /** The placeholder goes, its addresses and quota with it. */
  async failed({ job, params, state, error }: JobFailure<'esxi.import'>) {
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

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message, code: 'custom' }]);

/** `esxi-x:dc/ds/vm/vm.vmx` → `dc/ds/vm/vm.vmx` (import-metadata takes the volume name). */
function volname(volid: string): string {
  return volid.slice(volid.indexOf(':') + 1);
}

function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(1)} GiB`;
}
