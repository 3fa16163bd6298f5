import { Injectable, Logger } from '@nestjs/common';
import type {
  BulkCreateVmInput,
  BulkCreateVmResult,
  CreateVmInput,
  PciMappingsQuery,
  PciMappingView,
  PlacementCluster,
  PlacementResources,
  VmJobAccepted,
} from '@multpanel/contracts';
import {
  AccessService,
  type AccessibleCluster,
  type AccessibleTemplate,
} from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AppError } from '../../common/errors/app-error';
import { mapError } from '../../common/errors/error-mapper';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { GuestsService } from '../guests/guests.service';
import { IpamService } from '../ipam/ipam.service';
import { JobsService } from '../jobs/jobs.service';
import { QuotasService } from '../quotas/quotas.service';
import { pciMappingViews } from './vms-pci';
import { placeGuest, type NodeCandidate } from './vms-placement';
import { withNicAddresses } from './vms-config';
import { isUniqueViolation, VmGuestJobs } from './vms-guest-jobs';
import { nodeOffline } from './vms.errors';
import { JOB_SECRET_CONTEXT } from './vms.service';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const PCI_TIMEOUT_MS = 8000;

type Raw = Record<string, unknown>;
interface Placement {
  clusterId: string;
  node: string;
  storage: string | null;
  score: number;
  explanation: string[];
}

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message, code: 'custom' }]);

/**
 * Creating guests: which company, template and cluster the caller may use (access layer), where the
 * guest fits (live node load), the quota reservation with a placeholder row, then the create job.
 */
@Injectable()
export class VmPlacementService {
  private readonly logger = new Logger('VmPlacement');

  constructor(
    private readonly access: AccessService,
    private readonly connections: ClusterConnectionService,
    private readonly guests: GuestsService,
    private readonly guestJobs: VmGuestJobs,
    private readonly jobs: JobsService,
    private readonly quotas: QuotasService,
    private readonly cipher: SecretsCipher,
    private readonly activity: ActivityService,
    private readonly ipam: IpamService,
  ) {}

  /**
   * PCI mappings of a cluster for the create wizard: a cluster `companyId` (or, when omitted, one
   * of the caller's companies) may place guests on; staff any.
   */
  async pciMappings(actor: Actor, q: PciMappingsQuery): Promise<PciMappingView[]> {
    const cluster = await this.access.requireCluster(actor, q.clusterId, 'use', {
      companyId: q.companyId,
    });
    return pciMappingViews(await this.readPciMappings(cluster));
  }

  /** Clusters `companyId` (one of the caller's) may place guests on: the wizard's cluster picker. */
  async placementClusters(actor: Actor, companyId: string): Promise<PlacementCluster[]> {
    const clusters = await this.access.usableClusters(actor, companyId);
    return clusters
      .map((c) => ({ id: c.id, name: c.name, status: c.status }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * The wizard's node, storage and bridge pickers for a cluster the company may use: per node its
   * enabled storages that hold guest disks (with free space) and its bridges, read live.
   */
  async placementResources(actor: Actor, q: PciMappingsQuery): Promise<PlacementResources> {
    const cluster = await this.access.requireCluster(actor, q.clusterId, 'use', {
      companyId: q.companyId,
    });
    const api = await this.guestJobs.api({ clusterId: cluster.id });
    const nodes = (await api.nodes()).sort((a, b) => a.node.localeCompare(b.node));
    const companyId = q.companyId ?? actor.principal.companyId;
    return {
      clusterId: cluster.id,
      guestNetwork: companyId ? await this.ipam.guestNetwork(companyId, cluster.id) : null,
      nodes: await Promise.all(
        nodes.map(async (n) => {
          const online = n.status === 'online';
          if (!online) return { node: n.node, online, storages: [], bridges: [] };
          const [storages, bridges] = await Promise.all([
            api.storages(n.node, { enabled: true }),
            api.nodeBridges(n.node),
          ]);
          return {
            node: n.node,
            online,
            storages: storages
              .filter(
                (st) =>
                  st.active !== false &&
                  (st.content.includes('images') || st.content.includes('rootdir')),
              )
              .map((st) => ({
                storage: st.storage,
                type: st.type,
                shared: st.shared === true,
                content: st.content,
                availBytes: st.avail ?? null,
                totalBytes: st.total ?? null,
              }))
              .sort((a, b) => a.storage.localeCompare(b.storage)),
            bridges: bridges.map(({ iface, vlanAware, comment }) => ({
              iface,
              vlanAware,
              comment,
            })),
          };
        }),
      ),
    };
  }

  async create(
    actor: Actor,
    input: CreateVmInput,
    idempotencyKey?: string,
  ): Promise<VmJobAccepted> {
    const prior = await this.guestJobs.prior(actor, idempotencyKey);
    if (prior) return prior;
    await this.access.requireCompany(actor, input.companyId);
    await this.ipam.requireGuestRanges(
      actor,
      input.companyId,
      input.networks.flatMap((n) => (n.ipamRangeId ? [n.ipamRangeId] : [])),
    );

    const template =
      input.source.type === 'template'
        ? await this.access.requireTemplate(actor, input.source.templateId, 'use', {
            companyId: input.companyId,
          })
        : null;
    this.checkSource(input, template);
    const clusterId = template?.clusterId ?? input.clusterId;
    const clusters = await this.access.usableClusters(actor, input.companyId, clusterId);
    const usable = clusters.filter((c) => c.status !== 'offline');
    if (!usable.length)
      throw new AppError('DEPENDENCY_UNAVAILABLE', 'No reachable cluster for this company');
    // gpuMapping implies a template, so exactly one cluster; its mapping decides the nodes.
    const gpu = input.gpuMapping
      ? await this.gpuMapping(usable[0], input.gpuMapping, input.node)
      : null;

    const log: string[] = [];
    const best = await this.place(usable, input, gpu, log);
    if (clusters.length > 1)
      log.push(`placed on cluster ${clusters.find((c) => c.id === best.clusterId)!.name}`);
    if (input.source.type !== 'template') await this.assertMedia(best.clusterId, best.node, input);
    // No network named: the company's default on that cluster (its network edge's LAN), if any.
    if (!input.networks.length) {
      const net = await this.ipam.guestNetwork(input.companyId, best.clusterId);
      if (net) {
        input = {
          ...input,
          networks: [
            {
              bridge: net.bridge,
              ...(net.vlan ? { vlan: net.vlan } : {}),
              ipamRangeId: net.rangeId,
            },
          ],
        };
        log.push(
          `network: the company's default ${net.bridge}${net.vlan ? ` VLAN ${net.vlan}` : ''}`,
        );
      }
    }
    // IPAM: an address per NIC that names a range, written into cloud-init; undone if the job
    // cannot be created, attached to the guest once its row exists.
    const nics = await this.ipam.allocateGuestNics(
      actor,
      input.companyId,
      best.clusterId,
      input.networks.flatMap((n, nic) => (n.ipamRangeId ? [{ nic, rangeId: n.ipamRangeId }] : [])),
    );
    const addressIds = nics.map((a) => a.addressId);
    try {
      const withAddresses = withNicAddresses(input, nics);
      await this.ipam.requireGuestVlans(best.clusterId, input.companyId, withAddresses.networks);
      const accepted = await this.reserveAndStart(
        actor,
        withAddresses,
        best,
        template,
        log,
        idempotencyKey,
      );
      await this.ipam.attachGuest(addressIds, accepted.vmId);
      return accepted;
    } catch (err) {
      await this.ipam.releaseNow(addressIds);
      throw err;
    }
  }

  /**
   * N guests from one form, one after another through `create`: each is placed, quota-checked and
   * gets its own job and, per NIC naming a range, its own next free address. A named range with
   * fewer free addresses than guests is a 409 up front. The first guest's error is the request's
   * (nothing was created: a bad form is a plain 4xx); after that a guest that fails (quota, a
   * range emptied meanwhile) is answered with its error and the rest go on.
   */
  async bulkCreate(
    actor: Actor,
    input: BulkCreateVmInput,
    idempotencyKey?: string,
  ): Promise<BulkCreateVmResult> {
    // Each guest's key is `<key>:<n>` (a retried request answers with the same jobs).
    if (idempotencyKey && idempotencyKey.length > 188)
      throw new AppError(
        'VALIDATION_FAILED',
        'Idempotency-Key: at most 188 characters for bulk create',
      );
    // A range too small for every guest is a 409 before any is created (nothing half done); a
    // retried request (its first guest exists under the key) replays the answers instead.
    const replay = idempotencyKey ? await this.guestJobs.prior(actor, `${idempotencyKey}:1`) : null;
    if (!replay) {
      const rangeIds = input.vm.networks.flatMap((n) => (n.ipamRangeId ? [n.ipamRangeId] : []));
      await this.access.requireCompany(actor, input.vm.companyId);
      await this.ipam.requireGuestRanges(actor, input.vm.companyId, rangeIds);
      await this.ipam.requireFreeAddresses(rangeIds, input.count);
    }
    const results: BulkCreateVmResult['results'] = [];
    for (let n = 1; n <= input.count; n++) {
      const name = `${input.vm.name}-${n}`;
      const key = idempotencyKey ? `${idempotencyKey}:${n}` : undefined;
      try {
        const { job, vmId } = await this.create(actor, { ...input.vm, name }, key);
        results.push({ name, ok: true, vmId, job });
      } catch (err) {
        if (n === 1) throw err;
        const { body, unexpected } = mapError(err);
        if (unexpected)
          this.logger.error({ err: unexpected, errorId: body.errorId }, 'bulk create');
        results.push({ name, ok: false, error: { code: body.code, message: body.message } });
      }
    }
    return { results };
  }

  private checkSource(input: CreateVmInput, template: AccessibleTemplate | null): void {
    const gpuNeedsTemplate = 'gpuMapping needs a template flagged "Windows + GPU"';
    if (!template) {
      if (input.gpuMapping) throw new AppError('VALIDATION_FAILED', gpuNeedsTemplate);
      return;
    }
    if (template.kind !== input.kind) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Template "${template.name}" is a ${template.kind} template`,
      );
    }
    if (input.clusterId && input.clusterId !== template.clusterId) {
      throw new AppError('VALIDATION_FAILED', 'The template lives on another cluster');
    }
    if (input.gpuMapping && !template.windowsGpu) {
      throw new AppError('VALIDATION_FAILED', gpuNeedsTemplate);
    }
  }

  /** The best node over the usable clusters; the reasons go to the job log. */
  private async place(
    usable: AccessibleCluster[],
    input: CreateVmInput,
    gpu: PciMappingView | null,
    log: string[],
  ): Promise<Placement> {
    const diskBytes = input.disks.reduce((s, d) => s + d.sizeGb, 0) * GIB;
    const need = { memoryBytes: input.memoryMb * MIB, diskBytes };
    let best: Placement | null = null;
    for (const c of usable) {
      let candidates = await this.candidates(c.id, input);
      if (input.node) {
        const n = candidates.find((x) => x.node === input.node);
        if (!n) throw new AppError('NOT_FOUND', 'Node not found');
        if (!n.online) throw nodeOffline(input.node);
      }
      const skipped: string[] = [];
      if (gpu) {
        // A mapped GPU exists only on the nodes its mapping lists: place the guest on one of them.
        for (const x of candidates)
          if (!gpu.nodes.includes(x.node))
            skipped.push(`${x.node}: skipped (PCI mapping ${gpu.id} has no device there)`);
        candidates = candidates.filter((x) => gpu.nodes.includes(x.node));
      }
      const pick = placeGuest(
        input.node ? candidates.filter((x) => x.node === input.node) : candidates,
        need,
      );
      log.push(
        `cluster ${c.name}:`,
        ...[...skipped, ...(pick?.explanation ?? ['no node has room'])].map((l) => `  ${l}`),
      );
      if (pick && (!best || pick.score > best.score)) best = { clusterId: c.id, ...pick };
    }
    if (!best) {
      throw new AppError('CONFLICT', 'No node has enough free memory and storage for this guest', {
        placement: log,
      });
    }
    return best;
  }

  /** Quota and placeholder row in one transaction, then the job (or the job a retry started). */
  private async reserveAndStart(
    actor: Actor,
    input: CreateVmInput,
    best: Placement,
    template: AccessibleTemplate | null,
    log: string[],
    idempotencyKey?: string,
  ): Promise<VmJobAccepted> {
    const diskGb = input.disks.reduce((s, d) => s + d.sizeGb, 0);
    const { password, ...ci } = input.cloudInit ?? {};
    const params = {
      input: { ...input, cloudInit: input.cloudInit ? ci : undefined },
      secret: password
        ? this.cipher.encrypt(JSON.stringify({ password }), JOB_SECRET_CONTEXT)
        : undefined,
      clusterId: best.clusterId,
      node: best.node,
      storage: best.storage,
      template: template ? { vmid: template.vmid, node: template.node } : undefined,
    };
    const delta = { guests: 1, vcpus: input.cores, memoryMb: input.memoryMb, diskGb };
    let job;
    try {
      job = await this.quotas.reserve(input.companyId, delta, async (tx) => {
        const guest = await this.guests.insertPlaceholder(tx, {
          clusterId: best.clusterId,
          companyId: input.companyId,
          kind: input.kind,
          name: input.name,
          node: best.node,
          cores: input.cores,
          memoryBytes: BigInt(input.memoryMb * MIB),
          diskBytes: BigInt(diskGb * GIB),
          tags: input.tags ?? [],
        });
        return this.jobs.create(
          {
            type: 'vm.create',
            companyId: input.companyId,
            actorId: actor.principal.userId,
            guestId: guest.id,
            clusterId: best.clusterId,
            node: best.node,
            params,
            idempotencyKey: idempotencyKey ?? null,
            message: 'Waiting for the worker',
          },
          tx,
        );
      });
    } catch (err) {
      // The same key raced in from a retried request: answer with the first job.
      const prior = isUniqueViolation(err)
        ? await this.guestJobs.prior(actor, idempotencyKey, err)
        : null;
      if (prior) return prior;
      throw err;
    }
    const dto = await this.jobs.enqueue(job, ['placement:', ...log]);
    await this.activity.record({
      action: 'vm.create',
      actor: actor.principal,
      companyId: input.companyId,
      resourceType: 'vm',
      resourceId: job.guestId ?? undefined,
      details: { name: input.name, kind: input.kind, node: best.node, jobId: job.id },
    });
    return { job: dto, vmId: job.guestId! };
  }

  private async readPciMappings(cluster: { id: string }): Promise<Raw[]> {
    const api = await this.guestJobs.api({ clusterId: cluster.id });
    return api.pciMappings({ timeoutMs: PCI_TIMEOUT_MS, retries: 0 });
  }

  /** The requested mapping on the template's cluster; unknown, or not on `node`, is a 400. */
  private async gpuMapping(
    cluster: AccessibleCluster,
    id: string,
    node: string | undefined,
  ): Promise<PciMappingView> {
    const mapping = pciMappingViews(await this.readPciMappings(cluster)).find((m) => m.id === id);
    if (!mapping) throw invalid('gpuMapping', `no PCI mapping "${id}" on cluster ${cluster.name}`);
    if (!mapping.nodes.length)
      throw invalid('gpuMapping', `PCI mapping "${id}" has no device on any node`);
    if (node && !mapping.nodes.includes(node))
      throw invalid(
        'gpuMapping',
        `PCI mapping "${id}" has no device on node ${node} (it covers ${mapping.nodes.join(', ')})`,
      );
    return mapping;
  }

  /** Live node load + best storage per node for the guest's disks. */
  private async candidates(clusterId: string, input: CreateVmInput): Promise<NodeCandidate[]> {
    const { api } = await this.connections.open(clusterId, 'interactive');
    const resources = await api.clusterResources(undefined, { timeoutMs: 10_000 });
    const content = input.kind === 'qemu' ? 'images' : 'rootdir';
    const wanted = input.disks[0]?.storage;
    return resources
      .filter((r) => r.type === 'node' && r.node)
      .map((n) => {
        const stores = resources
          .filter(
            (s) =>
              s.type === 'storage' &&
              s.node === n.node &&
              s.status === 'available' &&
              (s.content ?? '').split(',').includes(content) &&
              (!wanted || s.storage === wanted),
          )
          .map((s) => ({ storage: s.storage!, free: (s.maxdisk ?? 0) - (s.disk ?? 0) }))
          .sort((a, b) => b.free - a.free);
        return {
          node: n.node!,
          online: n.status === 'online',
          cpu: n.cpu ?? 0,
          mem: n.mem ?? 0,
          maxmem: n.maxmem ?? 0,
          storageFree: stores[0]?.free ?? 0,
          storage: stores[0]?.storage ?? null,
        };
      });
  }

  private async assertMedia(clusterId: string, node: string, input: CreateVmInput): Promise<void> {
    const volid =
      input.source.type === 'iso'
        ? input.source.isoVolid
        : input.source.type === 'ostemplate'
          ? input.source.volid
          : null;
    if (!volid) return;
    const storage = volid.split(':')[0];
    const { api } = await this.connections.open(clusterId, 'interactive');
    const content = input.source.type === 'iso' ? 'iso' : 'vztmpl';
    const found = await api
      .storageContent(node, storage, { content })
      .then((l) => l.some((v) => v.volid === volid))
      .catch(() => false);
    if (!found)
      throw new AppError(
        'VALIDATION_FAILED',
        `${content === 'iso' ? 'ISO image' : 'Container template'} ${volid} not found on ${node}`,
      );
  }
}
