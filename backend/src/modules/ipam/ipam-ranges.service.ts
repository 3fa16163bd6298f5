import { Injectable } from '@nestjs/common';
import {
  parseIp,
  type CreateIpRangeInput,
  type IpAddressDetail,
  type IpAddressListQuery,
  type IpAddressPage,
  type IpAddressView,
  type IpRangeListQuery,
  type IpRangeView,
  type Paged,
  type UpdateIpRangeInput,
} from '@multpanel/contracts';
import { AccessService, forbidden } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { scopeCompanyIds } from '../../common/auth/scope';
import { ActivityService } from '../../common/audit/activity.service';
import { AppError, notFound } from '../../common/errors/app-error';
import type { Prisma } from '../../generated/prisma/client';
import { IpamAllocationsRepository } from './ipam-allocations.repository';
import { freeAfter, freeSlice, runsSize } from './ipam-free-runs';
import { IpamRepository, type IpRangeRow } from './ipam.repository';
import { IpamSdnService } from './ipam-sdn.service';
import { IpamVlansService } from './ipam-vlans.service';
import { freeAddressView, toIpAddressView, toIpEventView, toIpRangeView } from './ipam.mapper';
import { addressText, collides, networkOf, rangeWrite } from './ipam-rules';

/** IP ranges: list, show, create, edit, delete; a range's address table; an address's history. */
@Injectable()
export class IpamRangesService {
  constructor(
    private readonly access: AccessService,
    private readonly repo: IpamRepository,
    private readonly engine: IpamAllocationsRepository,
    private readonly activity: ActivityService,
    private readonly vlans: IpamVlansService,
    private readonly sdn: IpamSdnService,
  ) {}

  async list(actor: Actor, q: IpRangeListQuery): Promise<Paged<IpRangeView>> {
    const companies = scopeCompanyIds(actor.scope);
    const { rows, total } = await this.repo.listRanges(companies, q);
    const counts = await this.repo.statusCounts(
      companies,
      rows.map((r) => r.id),
    );
    return {
      items: rows.map((r) => toIpRangeView(r, counts.get(r.id))),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async get(actor: Actor, id: string): Promise<IpRangeView> {
    const companies = scopeCompanyIds(actor.scope);
    const row = await this.repo.findRange(companies, id);
    if (!row) throw notFound('IP range');
    const counts = await this.repo.statusCounts(companies, [row.id]);
    return toIpRangeView(row, counts.get(row.id));
  }

  async create(actor: Actor, input: CreateIpRangeInput): Promise<IpRangeView> {
    const companyId = input.companyId ?? null;
    if (companyId === null && actor.scope.kind !== 'all') {
      throw forbidden("Only the MSP's operators create shared ranges: name the company");
    }
    if (companyId !== null) await this.access.requireCompany(actor, companyId);
    const write = rangeWrite(input, companyId);
    const clusterIds = await this.clusters(actor, input.clusterIds ?? []);
    const binding = input.sdn
      ? await this.sdn.checkBinding(input.sdn.vnet, clusterIds, write.vlan, companyId)
      : null;
    await this.refuseOverlap(scopeCompanyIds(actor.scope), {
      ...write,
      id: null,
      clusterIds,
      vnet: binding?.vnet ?? null,
    });
    await this.requireCompanyVlan(companyId, write.vlan ?? null, clusterIds);
    const row = await this.repo.createRange(
      binding
        ? {
            ...write,
            sdnVnet: binding.vnet,
            sdnZone: binding.zone,
            sdnState: 'pending',
            sdnTag: binding.tag,
            sdnTagKnown: true,
          }
        : write,
      clusterIds,
    );
    await this.reserveGateway(row, actor.principal.userId);
    if (binding) await this.sdn.startSync(row.id, binding.clusterId, actor.principal.userId);
    await this.audit(actor, 'ipam.range.create', row, { cidr: row.cidr, vlan: row.vlan });
    return this.get(actor, row.id);
  }

  /**
   * For a job that already checked its caller (the network edge): a company's range on one
   * cluster, overlap-checked like any other (the message names no other company's range).
   */
  async createTrusted(
    input: Omit<CreateIpRangeInput, 'sdn'> & {
      companyId: string;
      /** bound to this VNet of the one cluster (the caller writes and applies its subnet) */
      sdn?: { vnet: string; zone: string };
    },
    actorId: string | null,
  ): Promise<IpRangeView> {
    const { sdn, ...rest } = input;
    const write = rangeWrite(rest, input.companyId);
    const clusterIds = [...new Set(input.clusterIds ?? [])];
    await this.refuseOverlap([input.companyId], {
      ...write,
      id: null,
      clusterIds,
      vnet: sdn?.vnet ?? null,
    });
    const row = await this.repo.createRange(
      sdn ? { ...write, sdnVnet: sdn.vnet, sdnZone: sdn.zone, sdnState: 'pending' } : write,
      clusterIds,
    );
    await this.reserveGateway(row, actorId);
    return toIpRangeView(row, undefined);
  }

  /** Undo of `createTrusted`: true when removed, false when addresses still use it. */
  async removeTrusted(id: string): Promise<boolean> {
    return (await this.repo.deleteRange(id)) === 'deleted';
  }

  async update(actor: Actor, id: string, input: UpdateIpRangeInput): Promise<IpRangeView> {
    await this.access.requireIpRange(actor, id, 'manage');
    const current = await this.repo.findRange(null, id);
    if (!current) throw notFound('IP range');
    const clusterIds =
      input.clusterIds === undefined ? undefined : await this.clusters(actor, input.clusterIds);
    const vlan = input.vlan === undefined ? current.vlan : input.vlan;
    const nextClusters = clusterIds ?? current.clusters.map((c) => c.clusterId);
    // The SDN binding after this change (null: none); checked again when what it rests on moves.
    const vnet = input.sdn === undefined ? current.sdnVnet : (input.sdn?.vnet ?? null);
    const rebind =
      vnet !== null &&
      (input.sdn !== undefined || input.vlan !== undefined || clusterIds !== undefined);
    const binding = rebind
      ? await this.sdn.checkBinding(vnet, nextClusters, vlan ?? null, current.companyId)
      : null;
    if (input.vlan !== undefined || clusterIds !== undefined || input.sdn !== undefined) {
      await this.refuseOverlap(scopeCompanyIds(actor.scope), {
        ...current,
        vlan,
        clusterIds: nextClusters,
        vnet,
      });
    }
    if (input.vlan !== undefined || clusterIds !== undefined) {
      await this.requireCompanyVlan(
        current.companyId,
        vlan,
        clusterIds ?? current.clusters.map((c) => c.clusterId),
      );
    }
    // Gateway and DNS are checked as on create, against the range's own CIDR.
    const checked = rangeWrite(
      {
        name: input.name ?? current.name,
        cidr: current.cidr,
        gateway: input.gateway === undefined ? current.gateway : input.gateway,
        dnsServers: input.dnsServers,
      },
      current.companyId,
    );
    const data: Prisma.IpRangeUpdateInput = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.vlan !== undefined ? { vlan: input.vlan } : {}),
      ...(input.gateway !== undefined ? { gateway: checked.gateway } : {}),
      ...(input.dnsServers !== undefined ? { dnsServers: checked.dnsServers } : {}),
      ...(input.searchDomain !== undefined ? { searchDomain: input.searchDomain } : {}),
      ...(input.holdSeconds !== undefined ? { holdSeconds: input.holdSeconds } : {}),
      ...(input.note !== undefined ? { note: input.note } : {}),
      ...(vnet === null && current.sdnVnet !== null
        ? {
            sdnVnet: null,
            sdnZone: null,
            sdnSubnet: null,
            sdnState: null,
            sdnError: null,
            sdnTag: null,
            sdnTagKnown: false,
          }
        : {}),
      ...(binding && binding.vnet !== current.sdnVnet
        ? { sdnVnet: binding.vnet, sdnZone: binding.zone, sdnSubnet: null }
        : {}),
      // A binding checked again (the tag passed the company's VLAN check) takes the VNet's tag now.
      ...(binding ? { sdnTag: binding.tag, sdnTagKnown: true } : {}),
    };
    const row = await this.repo.updateRange(id, data, clusterIds);
    if (input.gateway) await this.reserveGateway(row, actor.principal.userId);
    // The subnet the range leaves on Proxmox (unbound, other VNet or cluster) is deleted there.
    const before = current.sdnVnet ? current.clusters[0]?.clusterId : undefined;
    if (before && (vnet !== current.sdnVnet || nextClusters[0] !== before)) {
      await this.sdn.startRemoval(
        id,
        before,
        { vnet: current.sdnVnet!, cidr: current.cidr },
        actor.principal.userId,
      );
    }
    // Proxmox's subnet follows the range's VNet and gateway.
    if (vnet !== null && (binding || input.gateway !== undefined)) {
      await this.sdn.startSync(id, nextClusters[0], actor.principal.userId);
    }
    await this.audit(actor, 'ipam.range.update', row, { fields: Object.keys(input) });
    return this.get(actor, id);
  }

  /**
   * A company's range may carry only a VLAN tag assigned to the company on each cluster it applies
   * to (422 IPAM_VLAN_NOT_ALLOWED, as for a guest NIC); clusters without VLAN pools leave tags
   * free, and so do shared ranges and ranges bound to no cluster (the guest's own check remains).
   */
  private async requireCompanyVlan(
    companyId: string | null,
    vlan: number | null,
    clusterIds: string[],
  ): Promise<void> {
    if (companyId === null || !vlan) return;
    for (const clusterId of clusterIds) {
      await this.vlans.requireGuestVlans(clusterId, companyId, [{ path: 'vlan', vlan }]);
    }
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const range = await this.access.requireIpRange(actor, id, 'manage');
    const bound = await this.repo.findRange(null, id); // its SDN binding, gone after the delete
    const out = await this.repo.deleteRange(id);
    if (out !== 'deleted') {
      throw new AppError(
        'IPAM_RANGE_IN_USE',
        `Range "${range.name}" still has ${out.inUse} address(es) allocated or held; release them first`,
      );
    }
    if (bound?.sdnVnet && bound.clusters[0]) {
      await this.sdn.startRemoval(
        id,
        bound.clusters[0].clusterId,
        { vnet: bound.sdnVnet, cidr: bound.cidr },
        actor.principal.userId,
      );
    }
    await this.activity.record({
      action: 'ipam.range.delete',
      companyId: range.companyId,
      actor: actor.principal,
      resourceType: 'ip_range',
      resourceId: id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: { name: range.name, cidr: range.cidr },
    });
  }

  /**
   * A page of a range's address table, in address order. Unfiltered, for a caller who sees the
   * whole range, it is every address of the window (free ones included), paged by arithmetic: a
   * page of a /16 costs the same as a page of a /29. Filters page over the stored rows (or the
   * free runs). `page` skips pages; `cursor` (the previous page's `nextCursor`, the offset of its
   * last address) continues right after it, which stays cheap however deep the page.
   */
  async addresses(actor: Actor, rangeId: string, q: IpAddressListQuery): Promise<IpAddressPage> {
    const range = await this.access.requireIpRange(actor, rangeId, 'read');
    const companies = scopeCompanyIds(actor.scope);
    const seesAll =
      companies === null || (range.companyId !== null && companies.includes(range.companyId));
    const after = q.cursor === undefined ? null : BigInt(q.cursor);
    const skip = (q.page - 1) * q.pageSize;
    // One more than the page is read to tell whether a next page exists.
    const paged = (items: Array<{ offset: bigint; view: IpAddressView }>, total: number) => ({
      items: items.slice(0, q.pageSize).map((i) => i.view),
      total,
      page: q.page,
      pageSize: q.pageSize,
      nextCursor: items.length > q.pageSize ? String(items[q.pageSize - 1].offset) : null,
    });
    if (q.status === 'free') {
      const runs = await this.repo.freeRuns(rangeId);
      const offsets =
        after === null
          ? freeSlice(runs, BigInt(skip), q.pageSize + 1)
          : freeAfter(runs, after, q.pageSize + 1);
      return paged(
        offsets.map((o) => ({ offset: o, view: freeAddressView(rangeId, addressText(range, o)) })),
        Number(runsSize(runs)),
      );
    }
    if (q.status || q.search || !seesAll) {
      const search = q.search ? canonicalSearch(q.search) : undefined;
      const take = q.pageSize + 1;
      // The whole range's rows of one status: its counter, not a count of up to 65,536 entries.
      const counted = seesAll && q.status && !search ? statusCount(range, q.status) : undefined;
      const { rows, total } = await this.repo.listRows(
        companies,
        rangeId,
        { status: q.status, search },
        after === null ? { skip, take } : { after, take },
        counted,
      );
      const views = await this.views(rows);
      return paged(
        rows.map((r, i) => ({ offset: r.offset, view: views[i] })),
        total,
      );
    }
    const size = range.lastOffset - range.firstOffset + 1n;
    const from =
      after === null
        ? range.firstOffset + BigInt(skip)
        : after < range.firstOffset
          ? range.firstOffset
          : after + 1n;
    const to = from + BigInt(q.pageSize); // one past the page
    const last = to < range.lastOffset ? to : range.lastOffset;
    const rows = from > range.lastOffset ? [] : await this.repo.rowsBetween(rangeId, from, last);
    const stored = new Map((await this.views(rows)).map((v, i) => [rows[i].offset, v]));
    const items: Array<{ offset: bigint; view: IpAddressView }> = [];
    for (let o = from; o <= last; o++) {
      items.push({
        offset: o,
        view: stored.get(o) ?? freeAddressView(rangeId, addressText(range, o)),
      });
    }
    return paged(items, Number(size));
  }

  async address(actor: Actor, id: string): Promise<IpAddressDetail> {
    const companies = scopeCompanyIds(actor.scope);
    const row = await this.repo.findAddress(companies, id);
    if (!row) throw notFound('Address');
    const history = await this.repo.history(
      companies,
      row.rangeId,
      row.offset,
      row.range.companyId === null,
    );
    const [view] = await this.views([row]);
    return { ...view, rangeName: row.range.name, history: history.map(toIpEventView) };
  }

  // --- internals --------------------------------------------------------------------------------

  private async views(rows: Parameters<typeof toIpAddressView>[0][]): Promise<IpAddressView[]> {
    const names = await this.repo.guestNames(rows.flatMap((r) => (r.guestId ? [r.guestId] : [])));
    return rows.map((r) => toIpAddressView(r, names));
  }

  /** Cluster ids the caller can see (404 for any other), without duplicates. */
  private async clusters(actor: Actor, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    for (const id of unique) await this.access.requireCluster(actor, id, 'read');
    return unique;
  }

  private async refuseOverlap(
    /** companies whose ranges the message may name (null: all) */
    companies: string[] | null,
    r: {
      id: string | null;
      family: number;
      startHex: string;
      endHex: string;
      vlan: number | null;
      clusterIds: string[];
      cidr: string;
      vnet?: string | null;
    },
  ): Promise<void> {
    const candidates = await this.repo.overlapping(r.family, r.startHex, r.endHex);
    const me = { id: r.id ?? '', vlan: r.vlan, clusterIds: r.clusterIds, vnet: r.vnet };
    const hit = candidates.find((c) =>
      collides(me, {
        id: c.id,
        vlan: c.vlan,
        clusterIds: c.clusters.map((x) => x.clusterId),
        vnet: c.sdnVnet,
      }),
    );
    if (!hit) return;
    const visible =
      companies === null || (hit.companyId !== null && companies.includes(hit.companyId));
    const where = `${r.vnet ? `on SDN VNet ${r.vnet}` : r.vlan === null ? 'without a VLAN' : `on VLAN ${r.vlan}`}${
      hit.clusters.length && r.clusterIds.length ? ' on a common cluster' : ''
    }`;
    throw new AppError(
      'IPAM_RANGE_OVERLAP',
      visible
        ? `${r.cidr} overlaps range "${hit.name}" (${hit.cidr}) ${where}`
        : `${r.cidr} overlaps another range ${where}`,
      visible ? { rangeId: hit.id, name: hit.name, cidr: hit.cidr } : undefined,
    );
  }

  /** Reserves the gateway address when it lies in the window and is free. */
  private async reserveGateway(row: IpRangeRow, actorId: string | null): Promise<void> {
    if (!row.gateway) return;
    const ip = parseIp(row.gateway);
    if (!ip) return;
    const offset = ip.value - networkOf(row);
    if (offset < row.firstOffset || offset > row.lastOffset) return;
    await this.engine.take(
      row.id,
      offset,
      {
        status: 'reserved',
        purpose: 'gateway',
        companyId: row.companyId,
        guestId: null,
        nic: null,
        hostname: null,
        note: 'gateway',
        actorId,
      },
      (o) => addressText(row, o),
    );
  }

  private audit(actor: Actor, action: string, row: IpRangeRow, details: Record<string, unknown>) {
    return this.activity.record({
      action,
      companyId: row.companyId,
      actor: actor.principal,
      resourceType: 'ip_range',
      resourceId: row.id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: { name: row.name, ...details },
    });
  }
}

/** A full address searched for is matched in its canonical form ("2001:DB8::1" → "2001:db8::1"). */
function canonicalSearch(search: string): string {
  const ip = parseIp(search);
  return ip ? addressText({ family: ip.family, startHex: '0'.repeat(32) }, ip.value) : search;
}

/** The range's stored rows of `status`, from its counters (kept by the allocation engine). */
function statusCount(
  range: { allocatedCount: number; reservedCount: number; heldCount: number },
  status: 'allocated' | 'reserved' | 'held',
): number {
  if (status === 'allocated') return range.allocatedCount;
  return status === 'reserved' ? range.reservedCount : range.heldCount;
}
