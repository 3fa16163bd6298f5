import { useQuery } from '@tanstack/react-query';
import type { SdnVnetView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

/** A cluster's SDN VNets (none when it does not use SDN): the range form's binding picker. */
export const listSdnVnets = (clusterId: string): Promise<SdnVnetView[]> =>
  api.get<SdnVnetView[]>(`/ipam/clusters/${encodeURIComponent(clusterId)}/sdn-vnets`);

export const useSdnVnets = (clusterId: string) =>
  useQuery({
    queryKey: ipamKeys.sdnVnets(clusterId),
    queryFn: () => listSdnVnets(clusterId),
    enabled: !!clusterId,
    staleTime: 60_000,
  });
