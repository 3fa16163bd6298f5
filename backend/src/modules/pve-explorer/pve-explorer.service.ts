import { Injectable } from '@nestjs/common';
import type {
  Paged,
  PveApiCallInput,
  PveApiCallResult,
  PveApiEndpointDetail,
  PveApiEndpointSummary,
  PveApiSearchQuery,
  PveApiTreeNode,
  PveHttpMethod,
} from '@multpanel/contracts';
import { AccessService, forbidden } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError } from '../../common/errors/app-error';
import { ProxmoxError } from '../../common/proxmox';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { ClustersService } from '../clusters/clusters.service';
import { checkPveRequest } from '@multpanel/simulator';
import { pveEndpoint, pveTree, resolvePve, searchPve } from './pve-catalog';
import { commandLines, maskParams } from './pve-command-lines';

/** Largest answer kept in a result; bigger ones are cut (a person reads it, not a script). */
const MAX_RESULT_CHARS = 2_000_000;

/**
 * The Proxmox API explorer: the schema the repository carries, and "try it" on a cluster the caller
 * administers (common/access `requireAdministeredCluster`). GETs for everyone allowed there; changes
 * only for super_admin with `confirm`. Every call is checked against the schema before it is sent
 * and audited (who, cluster, method, path, parameters with secrets masked, status).
 */
@Injectable()
export class PveExplorerService {
  constructor(
    private readonly access: AccessService,
    private readonly clusters: ClustersService,
    private readonly connections: ClusterConnectionService,
    private readonly activity: ActivityService,
  ) {}

  tree(): PveApiTreeNode[] {
    return pveTree();
  }

  search(q: PveApiSearchQuery): Paged<PveApiEndpointSummary> {
    const { items, total } = searchPve(q);
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  endpoint(method: PveHttpMethod, path: string): PveApiEndpointDetail {
    const found = pveEndpoint(method, path);
    if (!found) throw new AppError('NOT_FOUND', `Proxmox VE 9.1 documents no ${method} ${path}`);
    return found;
  }

  async call(actor: Actor, clusterId: string, input: PveApiCallInput): Promise<PveApiCallResult> {
    const cluster = await this.access.requireAdministeredCluster(actor, clusterId);
    const { method, path, params } = input;
    if (method !== 'GET') {
      if (actor.principal.role !== 'super_admin') {
        throw forbidden('Only a super_admin may send calls that change a cluster');
      }
      if (input.confirm !== true) {
        throw new AppError('BAD_REQUEST', `Confirm the ${method} (it changes ${cluster.name})`);
      }
    }
    this.validate(method, path, params);

    const view = await this.clusters.get(actor, cluster.id);
    const conn = await this.connections.open(cluster.id, 'interactive');
    const lines = commandLines(method, path, params, {
      baseUrl: conn.api.client.activeEndpoint,
      tokenId: view.authType === 'token' ? view.authUser : null,
    });
    const t0 = performance.now();
    let result: PveApiCallResult;
    try {
      const res = await conn.api.client.request<unknown>(method, path, params, {
        idempotent: method === 'GET',
      });
      result = { ok: true, status: 200, data: cap(res.data), error: null, durationMs: 0, ...lines };
    } catch (err) {
      // Proxmox answered (a 4xx/5xx of its own): that is the result a person wants to see.
      // Unreachable, timed out or busy clusters go to the global mapper (503/504).
      if (!(err instanceof ProxmoxError) || err.details.status === undefined) {
        await this.audit(actor, view.ownerCompanyId, cluster.id, input, null);
        throw err;
      }
      result = {
        ok: false,
        status: err.details.status,
        data: null,
        error: err.details.proxmoxMessage ?? err.message,
        durationMs: 0,
        ...lines,
      };
    }
    result.durationMs = Math.round(performance.now() - t0);
    await this.audit(actor, view.ownerCompanyId, cluster.id, input, result.status);
    return result;
  }

  /** Unknown endpoints and unknown or invalid parameters are refused before anything is sent. */
  private validate(method: PveHttpMethod, path: string, params: PveApiCallInput['params']): void {
    if (path.includes('..') || path.includes('//')) {
      throw new AppError('VALIDATION_FAILED', 'The path must be a plain Proxmox API path');
    }
    const resolved = resolvePve(method, path);
    if (!('endpoint' in resolved)) {
      throw new AppError(
        'VALIDATION_FAILED',
        resolved.pathExists
          ? `Proxmox VE 9.1 documents no ${method} on ${path}`
          : `Proxmox VE 9.1 has no API path ${path}`,
      );
    }
    const problems = checkPveRequest(method, path, params);
    if (problems.length) {
      throw new AppError('VALIDATION_FAILED', `Not a valid ${method} ${resolved.endpoint.path}`, {
        problems,
      });
    }
  }

  private audit(
    actor: Actor,
    companyId: string | null,
    clusterId: string,
    input: PveApiCallInput,
    status: number | null,
  ): Promise<void> {
    return this.activity.record({
      action: 'pve.call',
      actor: actor.principal,
      companyId: companyId ?? undefined,
      result: status !== null && status < 400 ? 'success' : 'failure',
      resourceType: 'cluster',
      resourceId: clusterId,
      details: {
        method: input.method,
        path: input.path,
        params: maskParams(input.params),
        status,
      },
    });
  }
}

function cap(data: unknown): unknown {
  const text = JSON.stringify(data ?? null);
  return text.length > MAX_RESULT_CHARS
    ? { truncated: true, preview: text.slice(0, MAX_RESULT_CHARS) }
    : data;
}
