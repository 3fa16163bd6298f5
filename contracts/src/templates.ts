import { z } from 'zod';
import type { JobDto } from './jobs-api';

// Templates (Proxmox guests flagged as template) and install media found by the scan job.

export interface TemplateDto {
  id: string;
  clusterId: string;
  clusterName: string;
  node: string;
  vmid: number;
  kind: 'qemu' | 'lxc';
  name: string;
  /** "Windows + GPU (Parsec-ready)": create then accepts `gpuMapping`. */
  windowsGpu: boolean;
  /** Only shown to super_admin. */
  allowedCompanyIds?: string[];
  lastSeenAt: string;
}

export interface MediaDto {
  volid: string;
  kind: 'iso' | 'vztmpl';
  storage: string;
  node: string;
  size: number | null;
}

export const TEMPLATE_SORTS = ['name', '-name', 'lastSeenAt', '-lastSeenAt'] as const;

/** Paged by the server; pickers ask for one page of the largest size (a company's own set). */
export const templateListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    sort: z.enum(TEMPLATE_SORTS).default('name'),
    clusterId: z.string().uuid().optional(),
    companyId: z.string().uuid().optional(),
    kind: z.enum(['qemu', 'lxc']).optional(),
    /** Part of the template's name. */
    search: z.string().trim().max(100).optional(),
  })
  .strict();
export type TemplateListQuery = z.infer<typeof templateListQuerySchema>;

export interface TemplatePage {
  items: TemplateDto[];
  total: number;
  page: number;
  pageSize: number;
}

export const mediaListQuerySchema = z
  .object({ clusterId: z.string().uuid(), kind: z.enum(['iso', 'vztmpl']).optional() })
  .strict();

export const updateTemplateSchema = z
  .object({
    allowedCompanyIds: z.array(z.string().uuid()).max(1000).optional(),
    windowsGpu: z.boolean().optional(),
  })
  .strict();
export type UpdateTemplateInput = z.infer<typeof updateTemplateSchema>;

export const templateScanSchema = z.object({ clusterId: z.string().uuid().optional() }).strict();
/** 202 of POST /api/templates/scan: the scan job to follow. */
export interface TemplateScanStarted {
  job: JobDto;
}
