import { z } from 'zod';

/** `GET /api/usage/statements?companyId&month=YYYY-MM` (JSON), `.csv` and `.pdf`. */
export const usageStatementQuerySchema = z.object({
  companyId: z.uuid(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM'),
});
export type UsageStatementQuery = z.infer<typeof usageStatementQuerySchema>;

/** `PUT /api/usage/prices/:companyId`: unit prices per resource (staff). */
export const usagePriceListSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code'),
  vcpuHour: z.number().min(0).max(1e6),
  ramGbHour: z.number().min(0).max(1e6),
  diskGbMonth: z.number().min(0).max(1e6),
  /** Backup archives on the backup storages; 0 when left out (older clients). */
  backupGbMonth: z.number().min(0).max(1e6).default(0),
  /** Public addresses of the MSP's shared ranges held; 0 when left out. */
  publicIpMonth: z.number().min(0).max(1e6).default(0),
});
export type UsagePriceListInput = z.input<typeof usagePriceListSchema>;
export type UsagePriceList = z.output<typeof usagePriceListSchema> & { companyId: string };

/** The priced statement items, in statement order. */
export const USAGE_PRICED_ITEMS = ['vcpu', 'ram', 'disk', 'backup', 'publicIp'] as const;
export type UsagePricedItem = (typeof USAGE_PRICED_ITEMS)[number];

export interface UsagePricedLine {
  item: UsagePricedItem;
  quantity: number;
  unitPrice: number;
  amount: number;
}

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
  /**
   * Disk used as Proxmox reports it (containers; a VM's used figure is not reported), GiB averaged
   * over the month; null when no snapshot of the month carried one ("not reported").
   */
  diskUsedGbMonths: number | null;
  /** Backup archives on the backup storages, GiB averaged over the month; null = not read. */
  backupGbMonths: number | null;
  /** Public addresses of the MSP's shared ranges held, averaged over the month. */
  publicIpMonths: number;
  guests: UsageGuestLine[];
  /**
   * With the company's price list: one line per resource and the total (rounded to cents). Backup
   * storage has no line when it was not read (backupGbMonths null): an unknown quantity is not billed.
   */
  priced: { currency: string; lines: UsagePricedLine[]; total: number } | null;
}
