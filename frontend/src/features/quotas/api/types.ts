/** The four limits a company has; null means "no limit". */
export const QUOTA_DIMENSIONS = ['guests', 'vcpus', 'memoryMb', 'diskGb'] as const;
export type QuotaDimension = (typeof QUOTA_DIMENSIONS)[number];

export interface QuotaLine {
  dimension: QuotaDimension;
  used: number;
  limit: number | null;
}

export type { QuotaRequestDto as QuotaRequest } from '@multpanel/contracts';

/** Company fields the quota maps to (`maxGuests` …), also the keys of a quota request. */
export const LIMIT_FIELD: Record<QuotaDimension, string> = {
  guests: 'maxGuests',
  vcpus: 'maxVcpus',
  memoryMb: 'maxMemoryMb',
  diskGb: 'maxDiskGb',
};

export const quotaKeys = {
  all: ['quotas'] as const,
  company: (companyId: string) => ['quotas', 'company', companyId] as const,
  requests: (params: object) => ['quotas', 'requests', params] as const,
};

const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v !== ''
      ? Number(v)
      : null;

/**
 * `{ limits, usage }` → one line per dimension. Accepts `limits.maxGuests` or `limits.guests`
 * and `usage.guests` or `usage.maxGuests`, so a naming change on the API side cannot blank the bar.
 */
export function toQuotaLines(body: unknown): QuotaLine[] {
  const { limits = {}, usage = {} } = (body ?? {}) as {
    limits?: Record<string, unknown>;
    usage?: Record<string, unknown>;
  };
  return QUOTA_DIMENSIONS.map((dimension) => {
    const field = LIMIT_FIELD[dimension];
    return {
      dimension,
      limit: num(limits[field] ?? limits[dimension]),
      used: num(usage[dimension] ?? usage[field]) ?? 0,
    };
  });
}
