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

export const templateListQuerySchema = z
  .object({ clusterId: z.string().uuid().optional(), companyId: z.string().uuid().optional() })
  .strict();

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
