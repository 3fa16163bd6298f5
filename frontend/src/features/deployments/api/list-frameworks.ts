import { useQuery } from '@tanstack/react-query';
import type { FrameworkPreset, IpRangeView, VmSummary } from '@multpanel/contracts';
import { api, type Paged } from '@/lib/api-client';
import { deploymentKeys } from './deployment-keys';

export const listFrameworks = () => api.get<FrameworkPreset[]>('/frameworks');

export const useFrameworks = () =>
  useQuery({ queryKey: deploymentKeys.frameworks(), queryFn: listFrameworks, staleTime: 600_000 });

/** The company's guests a deployment may target. */
export const listTargetGuests = async (companyId: string) =>
  (await api.get<Paged<VmSummary>>('/vms', { query: { companyId, page: 1, pageSize: 200 } })).items;

export const useTargetGuests = (companyId: string) =>
  useQuery({
    queryKey: deploymentKeys.guests(companyId),
    queryFn: () => listTargetGuests(companyId),
    enabled: !!companyId,
  });

/** The guest a wizard started from a guest page targets (its company fills the company field). */
export const getTargetGuest = (id: string) => api.get<VmSummary>(`/vms/${encodeURIComponent(id)}`);

export const useTargetGuest = (id: string) =>
  useQuery({
    queryKey: ['deployments', 'guest', id],
    queryFn: () => getTargetGuest(id),
    enabled: !!id,
  });

/** IPAM ranges of the company a new guest's NIC may take its address from. */
export const listTargetRanges = async (companyId: string) =>
  (
    await api.get<Paged<IpRangeView>>('/ipam/ranges', {
      query: { companyId, page: 1, pageSize: 200 },
    })
  ).items;

export const useTargetRanges = (companyId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['deployments', 'ranges', companyId],
    queryFn: () => listTargetRanges(companyId),
    enabled: enabled && !!companyId,
  });
