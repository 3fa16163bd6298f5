import type { VmMigrateTargets } from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export type { VmMigrateTargets };

/**
 * Proxmox's migrate precondition for a guest: every other node of its cluster, allowed or with
 * the reasons why not, and what blocks a live migration. Same right as migrating (no `user`).
 */
export const useMigrateTargets = (vmId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['vms', 'migrate-targets', vmId] as const,
    queryFn: () => api.get<VmMigrateTargets>(`/vms/${encodeURIComponent(vmId)}/migrate-targets`),
    enabled,
    staleTime: 10_000,
  });
