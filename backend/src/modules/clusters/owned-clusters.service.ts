import { Injectable } from '@nestjs/common';
import type {
  ClusterHealthPoint,
  ClusterNodeView,
  ClusterStorageView,
  ClusterTestResult,
  ClusterView,
  CreateOwnedClusterInput,
  ProbedFingerprint,
  TestClusterInput,
  UpdateOwnedClusterInput,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { ClusterStatusService } from './cluster-status.service';
import { ClustersService } from './clusters.service';

/**
 * A company's dedicated clusters (seed 004's per-tenant servers), administered by the company's
 * admins (cluster.own, when the MSP allowed the company) or by the staff. The access layer decides
 * (`requireClusterOwner`, `requireOwnedCluster`); the work is the clusters service's, so health,
 * sync, inventory, guests, consoles and backups behave exactly as on the MSP's clusters.
 */
@Injectable()
export class OwnedClustersService {
  constructor(
    private readonly clusters: ClustersService,
    private readonly status: ClusterStatusService,
    private readonly access: AccessService,
  ) {}

  async list(actor: Actor, companyId: string): Promise<ClusterView[]> {
    const company = await this.access.requireCompany(actor, companyId);
    return this.clusters.listOwned(actor, company.id);
  }

  async create(
    actor: Actor,
    companyId: string,
    input: CreateOwnedClusterInput,
  ): Promise<ClusterView> {
    const company = await this.access.requireClusterOwner(actor, companyId);
    return this.clusters.create({ ...input, allowedCompanyIds: [] }, actor, {
      ownerCompanyId: company.id,
    });
  }

  async probe(actor: Actor, companyId: string, url: string): Promise<ProbedFingerprint> {
    await this.access.requireClusterOwner(actor, companyId);
    return this.clusters.probe(url);
  }

  async testUnsaved(
    actor: Actor,
    companyId: string,
    input: TestClusterInput,
  ): Promise<ClusterTestResult> {
    await this.access.requireClusterOwner(actor, companyId);
    return this.clusters.testUnsaved(input);
  }

  async get(actor: Actor, companyId: string, id: string): Promise<ClusterView> {
    return this.clusters.viewOf(actor, await this.clusters.findOwned(actor, companyId, id));
  }

  async update(
    actor: Actor,
    companyId: string,
    id: string,
    input: UpdateOwnedClusterInput,
  ): Promise<ClusterView> {
    const row = await this.clusters.findOwned(actor, companyId, id);
    return this.clusters.updateRow(actor, row, input);
  }

  async remove(actor: Actor, companyId: string, id: string): Promise<void> {
    await this.clusters.removeRow(actor, await this.clusters.findOwned(actor, companyId, id));
  }

  async test(actor: Actor, companyId: string, id: string): Promise<ClusterTestResult> {
    return this.clusters.testRow(await this.clusters.findOwned(actor, companyId, id));
  }

  async sync(actor: Actor, companyId: string, id: string): Promise<{ queued: true }> {
    const row = await this.clusters.findOwned(actor, companyId, id);
    return this.clusters.kick(row.id);
  }

  async nodes(actor: Actor, companyId: string, id: string): Promise<ClusterNodeView[]> {
    await this.clusters.findOwned(actor, companyId, id);
    return this.status.nodes(actor, id);
  }

  async storages(actor: Actor, companyId: string, id: string): Promise<ClusterStorageView[]> {
    await this.clusters.findOwned(actor, companyId, id);
    return this.status.storages(actor, id);
  }

  async health(actor: Actor, companyId: string, id: string): Promise<ClusterHealthPoint[]> {
    await this.clusters.findOwned(actor, companyId, id);
    return this.status.healthHistory(actor, id);
  }
}
