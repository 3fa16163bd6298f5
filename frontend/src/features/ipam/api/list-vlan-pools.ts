import { queryOptions, useQuery } from '@tanstack/react-query';
import type { VlanPoolView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export const listVlanPools = (clusterId: string): Promise<VlanPoolView[]> =>
  api.get<VlanPoolView[]>(`/ipam/clusters/${encodeURIComponent(clusterId)}/vlan-pools`);

export const vlanPoolsQueryOptions = (clusterId: string) =>
  queryOptions({
    queryKey: ipamKeys.vlanPools(clusterId),
    queryFn: () => listVlanPools(clusterId),
  });

export const useVlanPools = (clusterId: string | null) =>
  useQuery({ ...vlanPoolsQueryOptions(clusterId ?? ''), enabled: !!clusterId });
