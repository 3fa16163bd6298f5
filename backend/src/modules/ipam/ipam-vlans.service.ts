import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import type { VlanAssignment, VlanPool } from '../../generated/prisma/client';
import { overlappingPool, VLAN_MAX, VLAN_MIN } from './ipam-vlans';
import { IpamVlansRepository } from './ipam-vlans.repository';

/** A VLAN tag handed out from a cluster's pool. */
export interface TakenVlan {
  assignmentId: string;
  poolId: string;
  clusterId: string;
  vlan: number;
  companyId: string | null;
}

/**
 * VLAN pools per cluster (which tags the MSP may hand out) and the tags handed out from them.
 * Trusted: the callers (IpamService for other modules) have checked their caller already.
 */
@Injectable()
export class IpamVlansService {
  constructor(private readonly repo: IpamVlansRepository) {}

  async createPool(input: {
    clusterId: string;
    name: string;
    vlanFrom: number;
    vlanTo: number;
    note?: string | null;
  }): Promise<VlanPool> {
    const { vlanFrom: from, vlanTo: to } = input;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < VLAN_MIN || to > VLAN_MAX) {
      throw invalid('vlanFrom', `VLAN tags are whole numbers from ${VLAN_MIN} to ${VLAN_MAX}`);
    }
    if (from > to) throw invalid('vlanTo', 'the last tag comes before the first');
    const pools = await this.repo.pools(input.clusterId);
    const clash = overlappingPool(
      pools.map((p) => ({ id: p.id, from: p.vlanFrom, to: p.vlanTo })),
      from,
      to,
    );
    if (clash) {
      const other = pools.find((p) => p.id === clash.id)!;
      throw new AppError(
        'IPAM_VLAN_POOL_OVERLAP',
        `VLANs ${from}-${to} overlap pool "${other.name}" (${other.vlanFrom}-${other.vlanTo}) on this cluster`,
        { poolId: other.id },
      );
    }
    return this.repo.createPool({ ...input, note: input.note ?? null });
  }

  pools(clusterId: string): Promise<VlanPool[]> {
    return this.repo.pools(clusterId);
  }

  async takeNext(
    clusterId: string,
    companyId: string | null,
    opts: { purpose?: string; note?: string | null; actorId?: string | null; vlan?: number } = {},
  ): Promise<TakenVlan> {
    const out = await this.repo.takeNext(
      clusterId,
      {
        companyId,
        purpose: opts.purpose ?? 'guests',
        note: opts.note ?? null,
        actorId: opts.actorId ?? null,
      },
      opts.vlan,
    );
    if (!out.ok && out.reason === 'outside') {
      throw new AppError(
        'IPAM_VLAN_OUTSIDE_POOL',
        `VLAN ${opts.vlan} is in none of this cluster's VLAN pools`,
        { clusterId, vlan: opts.vlan },
      );
    }
    if (!out.ok && out.reason === 'taken') {
      throw new AppError(
        'IPAM_VLAN_TAKEN',
        `VLAN ${opts.vlan} is already assigned on this cluster`,
        {
          clusterId,
          vlan: opts.vlan,
        },
      );
    }
    if (!out.ok) {
      throw new AppError(
        'IPAM_VLAN_POOL_EXHAUSTED',
        out.reason === 'no-pool'
          ? 'This cluster has no VLAN pool to take a tag from'
          : "No free VLAN left in this cluster's pools",
        { clusterId },
      );
    }
    return toTaken(out.row);
  }

  release(clusterId: string, vlan: number): Promise<boolean> {
    return this.repo.release(clusterId, vlan);
  }

  /**
   * A company's guest on `clusterId` may carry only tags assigned to the company (or the MSP) when
   * the cluster has VLAN pools; a cluster without pools leaves tags free. 422 IPAM_VLAN_NOT_ALLOWED
   * names the first NIC (`path`, e.g. `networks.1.vlan`) that breaks the rule.
   */
  async requireGuestVlans(
    clusterId: string,
    companyId: string | null,
    nics: Array<{ path: string; vlan: number | null | undefined }>,
  ): Promise<void> {
    const tagged = nics.filter((n) => n.vlan);
    if (!tagged.length) return;
    const { pooled, tags } = await this.repo.usableTags(clusterId, companyId);
    if (!pooled) return;
    const bad = tagged.find((n) => !tags.has(n.vlan!));
    if (bad) {
      throw new AppError(
        'IPAM_VLAN_NOT_ALLOWED',
        `VLAN ${bad.vlan} is not assigned to this company on this cluster (${bad.path})`,
        { path: bad.path, vlan: bad.vlan, clusterId },
      );
    }
  }

  /**
   * The tag of the SDN VNet a range is bound to (`GET /cluster/sdn/vnets`): a company's range may
   * sit on a VNet tagged with one of its own VLANs or the MSP's, never with another company's tag,
   * nor with a tag handed out to nobody when the cluster has VLAN pools (clusters without pools
   * leave tags free, as for guest NICs). A shared range (companyId null) never sits on a company's
   * VLAN. Untagged VNets (simple zones) pass. 422 IPAM_VLAN_NOT_ALLOWED otherwise; the message
   * names no other company.
   */
  async requireVnetTag(
    clusterId: string,
    companyId: string | null,
    vnet: { vnet: string; tag: number | null },
  ): Promise<void> {
    const { tag } = vnet;
    if (!tag) return;
    const holder = await this.repo.holderOf(clusterId, tag);
    const refuse = (why: string) =>
      new AppError(
        'IPAM_VLAN_NOT_ALLOWED',
        `SDN VNet "${vnet.vnet}" carries VLAN ${tag}, ${why} on this cluster (sdn.vnet)`,
        { path: 'sdn.vnet', vlan: tag, clusterId },
      );
    if (holder === undefined) {
      if (companyId !== null && (await this.repo.hasPools(clusterId))) {
        throw refuse('which is not assigned to this company');
      }
      return;
    }
    if (holder !== null && holder !== companyId) {
      throw refuse(
        companyId === null
          ? "which is a company's VLAN (a shared range may not use it)"
          : 'which is assigned to another company',
      );
    }
  }

  async companyVlans(companyId: string, clusterId?: string): Promise<TakenVlan[]> {
    return (await this.repo.assignments(companyId, clusterId)).map(toTaken);
  }
}

const toTaken = (r: VlanAssignment): TakenVlan => ({
  assignmentId: r.id,
  poolId: r.poolId,
  clusterId: r.clusterId,
  vlan: r.vlan,
  companyId: r.companyId,
});

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `Invalid input: ${path}: ${message}`, [
    { path, message, code: 'custom' },
  ]);
