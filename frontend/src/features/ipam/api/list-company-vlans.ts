import { queryOptions, useQuery } from '@tanstack/react-query';
import type { VlanAssignmentView } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ipamKeys } from './ipam-keys';

export const listCompanyVlans = (companyId: string): Promise<VlanAssignmentView[]> =>
  api.get<VlanAssignmentView[]>(`/ipam/companies/${encodeURIComponent(companyId)}/vlans`);

export const companyVlansQueryOptions = (companyId: string) =>
  queryOptions({
    queryKey: ipamKeys.companyVlans(companyId),
    queryFn: () => listCompanyVlans(companyId),
  });

export const useCompanyVlans = (companyId: string | null) =>
  useQuery({ ...companyVlansQueryOptions(companyId ?? ''), enabled: !!companyId });
