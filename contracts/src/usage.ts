import { z } from 'zod';

/** `GET /api/usage/statements?companyId&month=YYYY-MM` (JSON) and `.csv`. */
export const usageStatementQuerySchema = z.object({
  companyId: z.uuid(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM'),
});
export type UsageStatementQuery = z.infer<typeof usageStatementQuerySchema>;

export interface UsageGuestLine {
  guestId: string;
  name: string | null;
  runningHours: number;
}

/** One company's usage over one calendar month (UTC), from hourly inventory snapshots. */
export interface UsageStatement {
  companyId: string;
  month: string;
  /** Hours in the month, and how many of them have a snapshot. */
  hoursInMonth: number;
  hoursSampled: number;
  vcpuHours: number;
  ramGbHours: number;
  /** Allocated disk, GiB averaged over the whole month. */
  diskGbMonths: number;
  guests: UsageGuestLine[];
}
