import type { PciMappingView } from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export type { PciMappingView };

/**
 * A cluster's PCI mappings (GPU passthrough) for the create wizard. The API answers only for a
 * cluster the company may place guests on (needs vm.create).
 */
export const usePciMappings = (q: { clusterId?: string; companyId?: string }, enabled: boolean) =>
  useQuery({
    queryKey: ['vms', 'pci-mappings', q.clusterId ?? '', q.companyId ?? ''] as const,
    queryFn: () =>
      api.get<PciMappingView[]>('/vms/placement/pci-mappings', {
        query: { clusterId: q.clusterId, companyId: q.companyId },
      }),
    enabled: enabled && !!q.clusterId,
    staleTime: 30_000,
  });
