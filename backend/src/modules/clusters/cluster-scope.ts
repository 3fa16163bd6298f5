import type { AccessibleCluster } from '../../common/access/access.repository';
import type { AccessService, ClusterNeed } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';

/**
 * Where a cluster route acts: the platform's clusters (`/api/clusters`, no owner) or one company's
 * dedicated clusters (`/api/companies/:companyId/clusters`, `ownerCompanyId` set). Both route sets
 * share one service path; the scope only changes which access rule finds the cluster.
 */
export interface ClusterScope {
  readonly ownerCompanyId?: string;
}

/** The platform's view (staff: every cluster; others the clusters open to their companies). */
export const PLATFORM_SCOPE: ClusterScope = Object.freeze({});

/** A company's dedicated clusters. */
export const ownedBy = (companyId: string): ClusterScope => ({ ownerCompanyId: companyId });

/**
 * The cluster `id` as the access layer lets the caller reach it in `scope`: on the platform by
 * `need` (read or manage), in a company's scope only its dedicated clusters (cluster.own or
 * cluster.manage). Anything else is a 404, like a missing id.
 */
export function requireClusterInScope(
  access: AccessService,
  actor: Actor,
  id: string,
  need: ClusterNeed,
  scope: ClusterScope,
): Promise<AccessibleCluster> {
  return scope.ownerCompanyId
    ? access.requireOwnedCluster(actor, scope.ownerCompanyId, id)
    : access.requireCluster(actor, id, need);
}
