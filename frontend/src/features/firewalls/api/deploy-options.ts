import type { ClusterView, IpRangeView, JobDto } from '@multpanel/contracts';
import type { DeployFirewallInput, NetworkEdgeInput } from '@multpanel/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';

// Reads the deploy and network-edge wizards need: the clusters, and the IPAM ranges on a cluster
// (the MSP's shared public ranges for the WAN, the company's own for the LAN).

export const useDeployClusters = () =>
  useQuery({
    queryKey: ['clusters', 'firewall-deploy'] as const,
    queryFn: () => api.get<ClusterView[]>('/clusters'),
    staleTime: 60_000,
  });

export const useDeployRanges = (companyId: string, clusterId: string) =>
  useQuery({
    queryKey: ['ipam', 'ranges', 'firewall-deploy', clusterId] as const,
    queryFn: async (): Promise<IpRangeView[]> =>
      (
        await api.get<Paged<IpRangeView>>('/ipam/ranges', {
          query: { page: 1, pageSize: 200, clusterId },
        })
      ).items,
    enabled: !!companyId && !!clusterId,
    staleTime: 30_000,
  });

/** POST /api/firewalls/deploy or /network-edge: answers 202 with the tracked job. */
export const useStartDeployment = (mode: 'deploy' | 'network-edge') =>
  useMutation({
    mutationFn: (body: DeployFirewallInput | NetworkEdgeInput) =>
      api.post<JobDto>(mode === 'deploy' ? '/firewalls/deploy' : '/firewalls/network-edge', body),
  });
