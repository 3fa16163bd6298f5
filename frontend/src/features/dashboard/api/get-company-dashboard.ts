import type { CompanyDashboard } from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { dashboardKeys } from './keys';

export const getCompanyDashboard = (companyId: string) =>
  api.get<CompanyDashboard>('/dashboard/company', { query: { companyId } });

export const useCompanyDashboard = (companyId: string | null) =>
  useQuery({
    queryKey: dashboardKeys.company(companyId ?? ''),
    queryFn: () => getCompanyDashboard(companyId!),
    enabled: companyId !== null,
    refetchInterval: 60_000,
  });
