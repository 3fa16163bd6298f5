import type { CompanyQuota } from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { quotaKeys, toQuotaLines, type QuotaLine } from './types';

export const getCompanyQuota = async (companyId: string): Promise<QuotaLine[]> =>
  toQuotaLines(await api.get<CompanyQuota>(`/companies/${encodeURIComponent(companyId)}/quota`));

export const useCompanyQuota = (companyId: string | null | undefined) =>
  useQuery({
    queryKey: quotaKeys.company(companyId ?? ''),
    queryFn: () => getCompanyQuota(companyId!),
    enabled: !!companyId,
  });
