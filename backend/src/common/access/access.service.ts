import { Injectable } from '@nestjs/common';
import { Permission, VM_RIGHTS, type VmRight } from '@multpanel/contracts';
import type { Actor } from '../auth/actor';
import { scopeCompanyIds } from '../auth/scope';
import { AppError, notFound } from '../errors/app-error';
import {
  AccessRepository,
  type AccessibleCluster,
  type AccessibleCompany,
  type AccessibleFirewall,
  type AccessibleGuest,
  type AccessibleIpRange,
  type AccessibleTemplate,
  type AccessibleTicket,
} from './access.repository';

export type {
  AccessibleFirewall,
  AccessibleIpRange,
  AccessibleTicket,
  AccessibleCluster,
  AccessibleCompany,
  AccessibleGuest,
  AccessibleTemplate,
} from './access.repository';

/** The role permission each per-VM right also needs. */
export const RIGHT_PERMISSION: Readonly<Record<VmRight, Permission>> = {
  view: Permission.VmRead,
  console: Permission.VmConsole,
  power: Permission.VmPower,
  snapshot: Permission.VmSnapshot,
  backup: Permission.VmBackup,
  edit: Permission.VmUpdate,
};

/**
 * What the caller needs of a cluster:
 * - `read`: see it (staff: any; others: a cluster open to one of their companies);
 * - `use`: place guests on it or read its install media — for `companyId` when given, which must
 *   be the caller's and allowed on the cluster;
 * - `manage`: administer it (holds cluster.manage).
 */
export type ClusterNeed = 'read' | 'use' | 'manage';
export type TemplateNeed = 'use' | 'manage';
/**
 * What the caller needs of an IP range: `read` (its companies' ranges and the shared pool),
 * `allocate` (hand out, reserve, release addresses: ipam.allocate) or `manage` (edit or delete:
 * ipam.manage, and the range must be one of its companies'; the shared pool is the staff's).
 */
export type IpRangeNeed = 'read' | 'allocate' | 'manage';

export const forbidden = (what: string) => new AppError('FORBIDDEN', what);

/**
 * The one access layer. Every module asks here before acting on a guest, cluster, company or
 * template, passing the caller (`Actor`). Anything outside the caller's scope is reported exactly
 * like a missing resource (404, same message); something visible but not allowed is a 403. Lists
 * stay in the owning module's repository, scoped by `actor.scope`, narrowed with the sets below.
 */
@Injectable()
export class AccessService {
  constructor(private readonly repo: AccessRepository) {}

  /** 403 unless the caller holds `permission` (for checks a route decorator cannot express). */
  requirePermission(actor: Actor, permission: Permission): void {
    if (!actor.principal.permissions.includes(permission)) {
      throw forbidden(`Missing permission ${permission}`);
    }
  }

  can(actor: Actor, permission: Permission): boolean {
    return actor.principal.permissions.includes(permission);
  }

  /** A company in the caller's scope. */
  async requireCompany(actor: Actor, companyId: string): Promise<AccessibleCompany> {
    const company = await this.repo.company(scopeCompanyIds(actor.scope), companyId);
    if (!company) throw notFound('Company');
    return company;
  }

  /**
   * A guest the caller may act on with `right`. Outside the caller's companies, or (role `user`)
   * without a `view` grant: 404. Visible but without `right`: 403.
   */
  async requireGuest(actor: Actor, guestId: string, right: VmRight): Promise<AccessibleGuest> {
    const guest = await this.repo.guest(scopeCompanyIds(actor.scope), guestId);
    if (!guest) throw notFound('VM');
    const rights = await this.guestRights(actor, guest.id);
    if (!rights.includes('view')) throw notFound('VM');
    if (!rights.includes(right)) {
      throw forbidden(`You do not have the "${right}" right on this VM`);
    }
    return guest;
  }

  /** What the caller may do on a guest already known to be inside its companies. */
  async guestRights(actor: Actor, guestId: string): Promise<VmRight[]> {
    const { principal, scope } = actor;
    const byRole = VM_RIGHTS.filter((r) => principal.permissions.includes(RIGHT_PERMISSION[r]));
    if (scope.kind !== 'vm_grants') return byRole;
    const granted = await this.repo.grantedRights(scope.userId, guestId);
    return byRole.filter((r) => granted.includes(r));
  }

  /** Guest ids a list may show on top of the company scope; null = no per-guest narrowing. */
  async visibleGuestIds(actor: Actor): Promise<string[] | null> {
    const { scope } = actor;
    return scope.kind === 'vm_grants' ? this.repo.guestIdsGrantedTo(scope.userId) : null;
  }

  async requireCluster(
    actor: Actor,
    clusterId: string,
    need: ClusterNeed,
    opts: { companyId?: string } = {},
  ): Promise<AccessibleCluster> {
    if (need === 'manage') this.requirePermission(actor, Permission.ClusterManage);
    let openTo = scopeCompanyIds(actor.scope);
    if (need === 'use' && opts.companyId) {
      openTo = [(await this.requireCompany(actor, opts.companyId)).id];
    }
    const cluster = await this.repo.cluster(openTo, clusterId);
    if (!cluster) throw notFound('Cluster');
    return cluster;
  }

  /**
   * A company (one of the caller's) that may get a new dedicated cluster from the caller: staff
   * (cluster.manage) always; a company admin (cluster.own) when the MSP allowed the company.
   */
  async requireClusterOwner(actor: Actor, companyId: string): Promise<AccessibleCompany> {
    const staff = this.can(actor, Permission.ClusterManage);
    if (!staff) this.requirePermission(actor, Permission.ClusterOwn);
    const company = await this.requireCompany(actor, companyId);
    if (!staff && !company.mayOwnClusters) {
      throw forbidden(`${company.name} may not add clusters of its own; ask your provider`);
    }
    return company;
  }

  /**
   * A dedicated cluster of `companyId` (one of the caller's) that the caller may administer: needs
   * cluster.own (company admins) or cluster.manage (staff). Not owned by that company: 404.
   */
  async requireOwnedCluster(
    actor: Actor,
    companyId: string,
    clusterId: string,
  ): Promise<AccessibleCluster> {
    if (!this.can(actor, Permission.ClusterManage)) {
      this.requirePermission(actor, Permission.ClusterOwn);
    }
    const company = await this.requireCompany(actor, companyId);
    const cluster = await this.repo.ownedCluster([company.id], clusterId);
    if (!cluster) throw notFound('Cluster');
    return cluster;
  }

  /**
   * A cluster the caller administers: any (staff with cluster.manage), or a dedicated cluster of
   * one of the caller's companies (cluster.own). Anything else: 404.
   */
  async requireAdministeredCluster(actor: Actor, clusterId: string): Promise<AccessibleCluster> {
    if (this.can(actor, Permission.ClusterManage)) {
      return this.requireCluster(actor, clusterId, 'manage');
    }
    this.requirePermission(actor, Permission.ClusterOwn);
    const cluster = await this.repo.ownedCluster(scopeCompanyIds(actor.scope), clusterId);
    if (!cluster) throw notFound('Cluster');
    return cluster;
  }

  /**
   * Clusters `companyId` (one of the caller's) may place guests on, optionally only `clusterId`
   * (then 404 when it is not one of them).
   */
  async usableClusters(
    actor: Actor,
    companyId: string,
    clusterId?: string,
  ): Promise<AccessibleCluster[]> {
    const company = await this.requireCompany(actor, companyId);
    const clusters = await this.repo.clusters([company.id], clusterId);
    if (clusterId && clusters.length === 0) throw notFound('Cluster');
    return clusters;
  }

  /** Cluster ids a list may show; null = every cluster (the staff). */
  async visibleClusterIds(actor: Actor): Promise<string[] | null> {
    const companies = scopeCompanyIds(actor.scope);
    return companies === null ? null : this.repo.clusterIds(companies);
  }

  /**
   * A template the caller may `use` (clone; for `companyId` when given, which must be the caller's
   * and allowed on the template) or `manage` (decide who may use it; holds cluster.manage).
   */
  async requireTemplate(
    actor: Actor,
    templateId: string,
    need: TemplateNeed,
    opts: { companyId?: string } = {},
  ): Promise<AccessibleTemplate> {
    let companies = scopeCompanyIds(actor.scope);
    if (need === 'manage') this.requirePermission(actor, Permission.ClusterManage);
    else if (opts.companyId) companies = [(await this.requireCompany(actor, opts.companyId)).id];
    const template = await this.repo.template(companies, templateId);
    if (!template) throw notFound('Template');
    return template;
  }

  async requireIpRange(
    actor: Actor,
    rangeId: string,
    need: IpRangeNeed,
  ): Promise<AccessibleIpRange> {
    const range = await this.repo.ipRange(scopeCompanyIds(actor.scope), rangeId);
    if (!range) throw notFound('IP range');
    if (need === 'allocate') this.requirePermission(actor, Permission.IpamAllocate);
    if (need === 'manage') {
      this.requirePermission(actor, Permission.IpamManage);
      if (range.companyId === null && actor.scope.kind !== 'all') {
        throw forbidden("Only the MSP's operators manage shared ranges");
      }
    }
    return range;
  }

  /**
   * A support ticket the caller may see: staff and company admins every ticket of their companies;
   * role `user` the tickets it opened or watches and those about a guest it may view. Otherwise 404.
   */
  async requireTicket(actor: Actor, ticketId: string): Promise<AccessibleTicket> {
    const ticket = await this.repo.ticket(scopeCompanyIds(actor.scope), ticketId);
    if (!ticket) throw notFound('Ticket');
    const { scope } = actor;
    if (scope.kind === 'vm_grants' && ticket.requesterId !== scope.userId) {
      const viewable =
        (ticket.guestId !== null &&
          (await this.repo.grantedRights(scope.userId, ticket.guestId)).includes('view')) ||
        (await this.repo.watchesTicket(scope.userId, ticket.id));
      if (!viewable) throw notFound('Ticket');
    }
    return ticket;
  }

  /**
   * An edge firewall of the caller's companies: `read` (firewall.read), `manage` its rules and NAT
   * (firewall.manage), `register` re-key or remove it (firewall.register, the MSP). Otherwise 404.
   */
  async requireFirewall(
    actor: Actor,
    firewallId: string,
    need: 'read' | 'manage' | 'register',
  ): Promise<AccessibleFirewall> {
    const firewall = await this.repo.firewall(scopeCompanyIds(actor.scope), firewallId);
    if (!firewall) throw notFound('Firewall');
    if (need === 'manage') this.requirePermission(actor, Permission.FirewallManage);
    if (need === 'register') this.requirePermission(actor, Permission.FirewallRegister);
    return firewall;
  }
}
