import type { CompanyQuota, QuotaLimit } from '@multpanel/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

// A company's limits and usage, for pages outside the quotas feature (the create wizard's headroom).
// Its key sits under ['quotas'], so whatever invalidates the quotas feature refreshes it too.

export const useCompanyQuotaRaw = (companyId: string | null | undefined) =>
  useQuery({
    queryKey: ['quotas', 'company', companyId ?? '', 'raw'] as const,
    queryFn: () => api.get<CompanyQuota>(`/companies/${encodeURIComponent(companyId!)}/quota`),
    enabled: !!companyId,
    retry: false,
  });

/** What is left under one limit; null = no limit. Never below zero. */
export function headroom(quota: CompanyQuota | undefined, limit: QuotaLimit): number | null {
  if (!quota) return null;
  const max = quota.limits[limit];
  return max === null ? null : Math.max(0, max - quota.usage[limit]);
}
