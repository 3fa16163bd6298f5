import { useQuery } from '@tanstack/react-query';
import type { VmPage } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export interface GuestOption {
  id: string;
  label: string;
}

/** A company's guests for the schedule editor's picker (first 500 by name). */
export const listGuestOptions = async (companyId: string): Promise<GuestOption[]> =>
  (await api.get<VmPage>('/vms', { query: { companyId, page: 1, pageSize: 500 } })).items
    .filter((v) => !v.template)
    .map((v) => ({ id: v.id, label: `${v.name ?? v.vmid} (${v.vmid}, ${v.clusterName})` }));

export const useGuestOptions = (companyId: string) =>
  useQuery({
    queryKey: backupKeys.guestOptions(companyId),
    queryFn: () => listGuestOptions(companyId),
    enabled: !!companyId,
    staleTime: 60_000,
  });
