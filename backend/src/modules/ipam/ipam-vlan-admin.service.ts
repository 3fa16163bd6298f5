import { Injectable } from '@nestjs/common';
import {
  Permission,
  type AssignVlanInput,
  type CreateVlanPoolInput,
  type VlanAssignmentView,
  type VlanPoolView,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { ActivityService } from '../../common/audit/activity.service';
import { AppError, notFound } from '../../common/errors/app-error';
import type { VlanPool } from '../../generated/prisma/client';
import { IpamVlansRepository, type VlanAssignmentRow } from './ipam-vlans.repository';
import { IpamVlansService } from './ipam-vlans.service';

/**
 * VLAN pools and assignments over HTTP. Pools are the MSP's (cluster.manage); a company's tags are
 * handed out by staff for companies in their scope (ipam.manage) and read by the company
 * (ipam.read). A foreign cluster or company looks missing (404).
 */
@Injectable()
export class IpamVlanAdminService {
  constructor(
    private readonly access: AccessService,
    private readonly vlans: IpamVlansService,
    private readonly repo: IpamVlansRepository,
    private readonly activity: ActivityService,
  ) {}

  async pools(actor: Actor, clusterId: string): Promise<VlanPoolView[]> {
    await this.access.requireCluster(actor, clusterId, 'manage');
    return (await this.repo.poolsWithUse(clusterId)).map((p) => toPoolView(p, p.assigned));
  }

  async createPool(
    actor: Actor,
    clusterId: string,
    input: CreateVlanPoolInput,
  ): Promise<VlanPoolView> {
    await this.access.requireCluster(actor, clusterId, 'manage');
    const pool = await this.vlans.createPool({ clusterId, ...input });
    await this.audit(actor, 'ipam.vlan_pool.create', null, 'vlan_pool', pool.id, {
      clusterId,
      vlanFrom: pool.vlanFrom,
      vlanTo: pool.vlanTo,
    });
    return toPoolView(pool, 0);
  }

  async deletePool(actor: Actor, id: string): Promise<void> {
    this.access.requirePermission(actor, Permission.ClusterManage);
    const pool = await this.repo.findPool(id);
    if (!pool) throw notFound('VLAN pool');
    await this.access.requireCluster(actor, pool.clusterId, 'manage');
    const out = await this.repo.deletePool(id);
    if (out === 'missing') throw notFound('VLAN pool');
    if (out === 'in-use') {
      throw new AppError(
        'IPAM_VLAN_POOL_IN_USE',
        `VLAN pool "${pool.name}" still has assigned tags; release them first`,
        { poolId: id },
      );
    }
    await this.audit(actor, 'ipam.vlan_pool.delete', null, 'vlan_pool', id, { name: pool.name });
  }

  async assignments(actor: Actor, companyId: string): Promise<VlanAssignmentView[]> {
    await this.access.requireCompany(actor, companyId);
    return (await this.repo.assignmentsOf(companyId)).map(toAssignmentView);
  }

  async assign(
    actor: Actor,
    companyId: string,
    input: AssignVlanInput,
  ): Promise<VlanAssignmentView> {
    await this.access.requireCompany(actor, companyId);
    // The cluster must be one the company may place guests on.
    await this.access.requireCluster(actor, input.clusterId, 'use', { companyId });
    const taken = await this.vlans.takeNext(input.clusterId, companyId, {
      vlan: input.vlan,
      note: input.note ?? null,
      actorId: actor.principal.userId,
    });
    await this.audit(actor, 'ipam.vlan.assign', companyId, 'vlan_assignment', taken.assignmentId, {
      clusterId: taken.clusterId,
      vlan: taken.vlan,
    });
    const row = (await this.repo.assignmentsOf(companyId)).find((r) => r.id === taken.assignmentId);
    if (!row) throw notFound('VLAN assignment');
    return toAssignmentView(row);
  }

  async unassign(actor: Actor, companyId: string, id: string): Promise<void> {
    await this.access.requireCompany(actor, companyId);
    const row = await this.repo.deleteAssignment(companyId, id);
    if (!row) throw notFound('VLAN assignment');
    await this.audit(actor, 'ipam.vlan.release', companyId, 'vlan_assignment', id, {
      clusterId: row.clusterId,
      vlan: row.vlan,
    });
  }

  private audit(
    actor: Actor,
    action: string,
    companyId: string | null,
    resourceType: string,
    resourceId: string,
    details: Record<string, unknown>,
  ) {
    return this.activity.record({
      action,
      companyId,
      actor: actor.principal,
      resourceType,
      resourceId,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details,
    });
  }
}

const toPoolView = (p: VlanPool, assigned: number): VlanPoolView => ({
  id: p.id,
  clusterId: p.clusterId,
  name: p.name,
  vlanFrom: p.vlanFrom,
  vlanTo: p.vlanTo,
  note: p.note,
  assigned,
  size: p.vlanTo - p.vlanFrom + 1,
  createdAt: p.createdAt.toISOString(),
});

const toAssignmentView = (r: VlanAssignmentRow): VlanAssignmentView => ({
  id: r.id,
  poolId: r.poolId,
  poolName: r.pool.name,
  clusterId: r.clusterId,
  clusterName: r.pool.cluster.name,
  vlan: r.vlan,
  companyId: r.companyId,
  purpose: r.purpose,
  note: r.note,
  createdAt: r.createdAt.toISOString(),
});
