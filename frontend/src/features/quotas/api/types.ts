import type { CompanyQuota, QuotaLimit } from '@multpanel/contracts';

/** The four limits a company has; null means "no limit". */
export const QUOTA_DIMENSIONS = [
  'guests',
  'vcpus',
  'memoryMb',
  'diskGb',
] as const satisfies readonly QuotaLimit[];
export type QuotaDimension = QuotaLimit;

export interface QuotaLine {
  dimension: QuotaDimension;
  used: number;
  limit: number | null;
}

export type { QuotaRequestDto as QuotaRequest } from '@multpanel/contracts';

export const quotaKeys = {
  all: ['quotas'] as const,
  company: (companyId: string) => ['quotas', 'company', companyId] as const,
  requests: (params: object) => ['quotas', 'requests', params] as const,
};

/** GET /api/companies/:id/quota → one line per dimension. */
export const toQuotaLines = ({ limits, usage }: CompanyQuota): QuotaLine[] =>
  QUOTA_DIMENSIONS.map((dimension) => ({
    dimension,
    limit: limits[dimension],
    used: usage[dimension],
  }));
