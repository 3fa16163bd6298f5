import { useQuery } from '@tanstack/react-query';
import { Permission } from '@multpanel/contracts/permissions';
import { api } from '@/lib/api-client';
import { useAuthorization } from '@/lib/authorization';
import { useSession } from '@/lib/session-store';
import { pveKeys, type ClusterView } from './types';

/**
 * Clusters the caller may try calls on: every cluster for operators (cluster.manage), the
 * company's own clusters for a company admin.
 */
export function useExplorableClusters() {
  const authz = useAuthorization();
  const session = useSession();
  const companyId = session.status === 'authenticated' ? session.user.companyId : null;
  const staff = authz.has(Permission.ClusterManage);
  return useQuery({
    queryKey: pveKeys.clusters(staff ? null : companyId),
    queryFn: () =>
      staff
        ? api.get<ClusterView[]>('/clusters')
        : api.get<ClusterView[]>(`/companies/${encodeURIComponent(companyId!)}/clusters`),
    enabled: staff || (!!companyId && authz.has(Permission.ClusterOwn)),
  });
}
