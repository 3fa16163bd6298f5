import type { CompanyQuota, UserView, VmSummary } from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';

// The company page reads existing routes only; the list carries its figures itself.

/** GET /api/companies/:id/quota: limits and what is in use. */
export const useCompanyQuotaUsage = (companyId: string) =>
  useQuery({
    queryKey: ['quotas', 'company', 'raw', companyId],
    queryFn: () => api.get<CompanyQuota>(`/companies/${encodeURIComponent(companyId)}/quota`),
    staleTime: 30_000,
  });

/** GET /api/users?companyId=… */
export const useCompanyUsers = (companyId: string, pageSize: number) =>
  useQuery({
    queryKey: ['users', 'list', { companyId, page: 1, pageSize }],
    queryFn: () => api.get<Paged<UserView>>('/users', { query: { companyId, page: 1, pageSize } }),
    staleTime: 30_000,
  });

/** GET /api/vms?companyId=… */
export const useCompanyGuests = (companyId: string) =>
  useQuery({
    queryKey: ['vms', 'list', { companyId, page: 1, pageSize: 100, sort: 'name' }],
    queryFn: () =>
      api.get<Paged<VmSummary>>('/vms', {
        query: { companyId, page: 1, pageSize: 100, sort: 'name' },
      }),
  });
