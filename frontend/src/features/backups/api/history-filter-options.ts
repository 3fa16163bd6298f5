import { useQuery } from '@tanstack/react-query';
import type { ClusterView, VmPage } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export interface FilterOption {
  id: string;
  label: string;
}

export interface HistoryFilterOptions {
  guests: FilterOption[];
  clusters: FilterOption[];
}

/**
 * The history filters' guests and clusters: the caller's guests (first 500, optionally of one
 * company) and their clusters, plus every cluster the caller may read (staff).
 */
export const listHistoryFilterOptions = async (
  companyId?: string,
): Promise<HistoryFilterOptions> => {
  const vms = await api.get<VmPage>('/vms', {
    query: { ...(companyId ? { companyId } : {}), page: 1, pageSize: 500 },
  });
  const clusters = new Map<string, string>();
  for (const v of vms.items) clusters.set(v.clusterId, v.clusterName);
  try {
    for (const c of await api.get<ClusterView[]>('/clusters')) clusters.set(c.id, c.name);
  } catch {
    // no cluster.read: the guests' clusters are all this caller knows
  }
  const byLabel = (a: FilterOption, b: FilterOption) => a.label.localeCompare(b.label);
  return {
    guests: vms.items
      .filter((v) => !v.template)
      .map((v) => ({ id: v.id, label: `${v.name ?? v.vmid} (${v.vmid}, ${v.clusterName})` }))
      .sort(byLabel),
    clusters: [...clusters].map(([id, label]) => ({ id, label })).sort(byLabel),
  };
};

export const useHistoryFilterOptions = (companyId?: string) =>
  useQuery({
    queryKey: backupKeys.historyFilterOptions(companyId ?? ''),
    queryFn: () => listHistoryFilterOptions(companyId),
    staleTime: 60_000,
  });
