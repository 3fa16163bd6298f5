import { Injectable } from '@nestjs/common';
import { Permission, type SdnVnetView } from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { PrismaService } from '../../common/prisma/prisma.service';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import type { JobFailure, JobRunContext } from '../jobs/job-context';
import { JobsService } from '../jobs/jobs.service';
import { invalidInput } from './ipam.errors';
import { IpamVlansService } from './ipam-vlans.service';

/** Zone types the network edge creates a VNet in (VLAN/QinQ: tag = a VLAN of the pool). */
export const EDGE_ZONE_TYPES = ['simple', 'vlan', 'qinq'];

/**
 * Proxmox SDN binding of IP ranges (optional per cluster): a range may be a subnet of one VNet of
 * its one cluster. The `ipam.sdn-sync` job writes the subnet (CIDR, gateway) to the VNet and
 * applies SDN (`PUT /cluster/sdn`), as Proxmox keeps SDN edits pending until then. Unbinding,
 * moving or deleting a range deletes the subnet it left there (the same job, with `remove`).
 */
@Injectable()
export class IpamSdnService {
  constructor(
    private readonly access: AccessService,
    private readonly prisma: PrismaService,
    private readonly connections: ClusterConnectionService,
    private readonly jobs: JobsService,
    private readonly vlans: IpamVlansService,
  ) {}

  /** The cluster's VNets (none when it does not use SDN): the range form's picker. */
  async vnets(actor: Actor, clusterId: string): Promise<SdnVnetView[]> {
    this.access.requirePermission(actor, Permission.IpamManage);
    await this.access.requireCluster(actor, clusterId, 'read');
    const { api } = await this.connections.open(clusterId, 'interactive');
    return api.sdnVnets();
  }

  /**
   * A binding for a range write: the range applies to exactly one cluster, carries no VLAN of its
   * own (the VNet does), and the VNet exists there (400 otherwise); the VNet's tag is one the
   * range's company may use (422, `IpamVlansService.requireVnetTag`). Answers the VNet's zone and
   * tag (the range records the tag: the conflict sweep notices a re-tag in Proxmox).
   */
  async checkBinding(
    vnet: string,
    clusterIds: string[],
    vlan: number | null,
    companyId: string | null,
  ): Promise<{ clusterId: string; vnet: string; zone: string; tag: number | null }> {
    if (clusterIds.length !== 1) {
      throw invalidInput(
        'clusterIds',
        'a range bound to an SDN VNet applies to exactly one cluster (the VNet is per cluster)',
      );
    }
    if (vlan !== null) {
      throw invalidInput('vlan', 'a range bound to an SDN VNet takes its VLAN from the VNet');
    }
    const { api } = await this.connections.open(clusterIds[0], 'interactive');
    const found = (await api.sdnVnets()).find((v) => v.vnet === vnet);
    if (!found) throw invalidInput('sdn.vnet', `the cluster has no SDN VNet "${vnet}"`);
    await this.vlans.requireVnetTag(clusterIds[0], companyId, found);
    return { clusterId: clusterIds[0], vnet, zone: found.zone, tag: found.tag };
  }

  /**
   * The network edge's SDN choice (API side): the zone exists on the cluster; an existing `vnet`
   * must be in that zone and carry no range of another company (or a shared one); a VNet to
   * create needs a simple, VLAN or QinQ zone (VLAN/QinQ: tagged with the next VLAN of the pool).
   * 400 otherwise.
   */
  async checkEdgeVnet(
    clusterId: string,
    companyId: string,
    sdn: { zone: string; vnet: string },
  ): Promise<{ create: boolean; zoneType: string }> {
    const { api } = await this.connections.open(clusterId, 'interactive');
    const zone = (await api.sdnZones()).find((z) => z.zone === sdn.zone);
    if (!zone) throw invalidInput('sdn.zone', `the cluster has no SDN zone "${sdn.zone}"`);
    const existing = (await api.sdnVnets()).find((v) => v.vnet === sdn.vnet);
    if (existing) {
      if (existing.zone !== sdn.zone)
        throw invalidInput(
          'sdn.vnet',
          `VNet "${sdn.vnet}" belongs to zone "${existing.zone}", not "${sdn.zone}"`,
        );
      const foreign = await this.prisma.ipRange.findFirst({
        where: {
          sdnVnet: sdn.vnet,
          clusters: { some: { clusterId } },
          OR: [{ companyId: null }, { companyId: { not: companyId } }],
        },
        select: { id: true },
      });
      if (foreign)
        throw invalidInput(
          'sdn.vnet',
          `VNet "${sdn.vnet}" carries another company's or a shared range: pick another`,
        );
      return { create: false, zoneType: zone.type };
    }
    if (!EDGE_ZONE_TYPES.includes(zone.type))
      throw invalidInput(
        'sdn.zone',
        `zone "${sdn.zone}" is a ${zone.type} zone: the network edge creates VNets in simple, VLAN or QinQ zones (or uses an existing VNet)`,
      );
    return { create: true, zoneType: zone.type };
  }

  /** Marks the binding pending and starts the job that writes it to Proxmox. */
  async startSync(rangeId: string, clusterId: string, actorId: string | null): Promise<void> {
    const job = await this.jobs.start({
      type: 'ipam.sdn-sync',
      companyId: null,
      actorId,
      clusterId,
      params: { rangeId, clusterId },
      message: 'Write the IP range to its SDN VNet',
    });
    await this.prisma.ipRange.update({
      where: { id: rangeId },
      data: { sdnState: 'pending', sdnError: null, sdnJobId: job.id },
    });
  }

  /**
   * Starts the job that deletes the subnet a range leaves behind on `clusterId` (its binding was
   * dropped or moved, or the range deleted); the range's own SDN state is not touched.
   */
  async startRemoval(
    rangeId: string,
    clusterId: string,
    remove: { vnet: string; cidr: string },
    actorId: string | null,
  ): Promise<void> {
    await this.jobs.start({
      type: 'ipam.sdn-sync',
      companyId: null,
      actorId,
      clusterId,
      params: { rangeId, clusterId, remove },
      message: `Remove subnet ${remove.cidr} from SDN VNet ${remove.vnet}`,
    });
  }

  /** Worker: create or update the VNet's subnet for the range (or delete it), then apply SDN. */
  async run(ctx: JobRunContext<'ipam.sdn-sync'>) {
    if (ctx.params.remove) return this.remove(ctx, ctx.params.remove);
    return this.syncRange(ctx.params.rangeId, ctx.params.clusterId, {
      log: (lines) => ctx.log(lines),
      applying: () => ctx.progress(50, 'Applying SDN'),
    });
  }

  /**
   * Writes a bound range's subnet (CIDR, gateway) to its VNet and applies SDN, waiting for the
   * apply task; the range is then marked applied. The `ipam.sdn-sync` job and the network edge's
   * job (firewalls.deploy, which needs the VNet up before the firewall's NIC uses it) call it.
   */
  async syncRange(
    rangeId: string,
    clusterId: string,
    out: { log: (lines: string[]) => Promise<unknown>; applying?: () => Promise<unknown> },
  ): Promise<{ skipped: string } | { vnet: string; subnet: string | null }> {
    const range = await this.prisma.ipRange.findUnique({ where: { id: rangeId } });
    if (!range?.sdnVnet) return { skipped: 'the range is no longer bound' };
    const vnet = range.sdnVnet;
    const { api } = await this.connections.open(clusterId, 'background');
    const existing = (await api.sdnSubnets(vnet)).find((s) => s.cidr === range.cidr && !s.deleted);
    if (!existing) {
      await api.createSdnSubnet(vnet, range.cidr, range.gateway ? { gateway: range.gateway } : {});
      await out.log([`created subnet ${range.cidr} on VNet ${vnet}`]);
    } else if (existing.gateway !== range.gateway) {
      await api.updateSdnSubnet(
        vnet,
        existing.subnet,
        range.gateway ? { gateway: range.gateway } : { delete: 'gateway' },
      );
      await out.log([`updated subnet ${existing.subnet}: gateway ${range.gateway ?? 'none'}`]);
    }
    const subnet =
      existing?.subnet ??
      (await api.sdnSubnets(vnet)).find((s) => s.cidr === range.cidr && !s.deleted)?.subnet ??
      null;
    await out.applying?.();
    const upid = await api.applySdn();
    await out.log([`PUT /cluster/sdn: ${upid}`]);
    await api.waitForTask(upid); // a failed task throws with Proxmox's exit status
    await this.prisma.ipRange.update({
      where: { id: rangeId },
      data: { sdnSubnet: subnet, sdnState: 'applied', sdnError: null },
    });
    return { vnet, subnet };
  }

  /** Deletes the VNet's subnet for `cidr` and applies SDN, unless a range is bound to it again. */
  private async remove(
    ctx: JobRunContext<'ipam.sdn-sync'>,
    { vnet, cidr }: { vnet: string; cidr: string },
  ) {
    const { clusterId } = ctx.params;
    const rebound = await this.prisma.ipRange.findFirst({
      where: { sdnVnet: vnet, cidr, clusters: { some: { clusterId } } },
      select: { id: true },
    });
    if (rebound) return { skipped: `range ${rebound.id} is bound to ${cidr} on ${vnet} again` };
    const { api } = await this.connections.open(clusterId, 'background');
    const existing = (await api.sdnSubnets(vnet)).find((s) => s.cidr === cidr && !s.deleted);
    if (!existing) return { skipped: `VNet ${vnet} has no subnet ${cidr}` };
    await api.deleteSdnSubnet(vnet, existing.subnet);
    await ctx.log([`deleted subnet ${existing.subnet} from VNet ${vnet}`]);
    await ctx.progress(50, 'Applying SDN');
    const upid = await api.applySdn();
    await ctx.log([`PUT /cluster/sdn: ${upid}`]);
    await api.waitForTask(upid);
    return { vnet, removed: existing.subnet };
  }

  async failed(f: JobFailure<'ipam.sdn-sync'>) {
    await this.prisma.ipRange.updateMany({
      where: { id: f.params.rangeId, sdnJobId: f.job.id },
      data: { sdnState: 'failed', sdnError: f.error.slice(0, 500) },
    });
  }
}
