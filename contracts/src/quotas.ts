import { z } from 'zod';

// Company quotas: null = unlimited. Usage counts every guest of the company that is not a template
// and not gone, including guests still being created (their resources are reserved up front).

export interface QuotaValues {
  guests: number | null;
  vcpus: number | null;
  memoryMb: number | null;
  diskGb: number | null;
}
export type QuotaLimit = keyof QuotaValues;

export interface CompanyQuota {
  companyId: string;
  limits: QuotaValues;
  usage: { guests: number; vcpus: number; memoryMb: number; diskGb: number };
}

const limit = z.number().int().min(0).max(10_000_000).nullable().optional();
export const quotaRequestCreateSchema = z
  .object({
    companyId: z.string().uuid(),
    requested: z
      .object({ guests: limit, vcpus: limit, memoryMb: limit, diskGb: limit })
      .strict()
      .refine((r) => Object.values(r).some((v) => v !== undefined), 'request at least one limit'),
    reason: z.string().trim().min(3).max(2000),
  })
  .strict();
export type QuotaRequestCreateInput = z.infer<typeof quotaRequestCreateSchema>;

export const quotaRequestDecisionSchema = z
  .object({ note: z.string().trim().max(2000).optional() })
  .strict();
export type QuotaRequestDecisionInput = z.infer<typeof quotaRequestDecisionSchema>;

export const QUOTA_REQUEST_STATUSES = ['pending', 'approved', 'declined', 'cancelled'] as const;
export type QuotaRequestStatus = (typeof QUOTA_REQUEST_STATUSES)[number];

export interface QuotaRequestDto {
  id: string;
  companyId: string;
  companyName: string;
  requestedById: string;
  /** Who asked, by name (empty when the account was deleted). */
  requestedByName: string;
  requested: Partial<QuotaValues>;
  reason: string;
  status: QuotaRequestStatus;
  decidedById: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  /** The approver's comment; on a decline, the reason given to the requester. */
  note: string | null;
  createdAt: string;
}

export const quotaRequestListQuerySchema = z
  .object({
    status: z.enum(QUOTA_REQUEST_STATUSES).optional(),
    companyId: z.string().uuid().optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(25),
  })
  .strict();
export type QuotaRequestListQuery = z.infer<typeof quotaRequestListQuerySchema>;

/** Newest first, paged by the server. */
export interface QuotaRequestPage {
  items: QuotaRequestDto[];
  total: number;
  page: number;
  pageSize: number;
}
