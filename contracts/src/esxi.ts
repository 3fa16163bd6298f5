import { z } from 'zod';
import type { JobDto } from './jobs-api';

// ESXi / vCenter sources of a company (issue 22): MSP staff add them, the platform discovers what runs there.

const fingerprintSchema = z
  .string()
  .regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/, 'SHA-256 fingerprint as AA:BB:… (32 bytes)');

export const createEsxiSourceSchema = z
  .object({
    companyId: z.uuid(),
    name: z.string().trim().min(1).max(100),
    host: z
      .string()
      .trim()
      .min(1)
      .max(253)
      .regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address'),
    port: z.number().int().min(1).max(65535).default(443),
    username: z.string().min(1).max(200),
    password: z.string().min(1).max(500),
  })
  .strict();
export type CreateEsxiSourceInput = z.infer<typeof createEsxiSourceSchema>;

export const updateEsxiSourceSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    username: z.string().min(1).max(200).optional(),
    password: z.string().min(1).max(500).optional(),
  })
  .strict();
export type UpdateEsxiSourceInput = z.infer<typeof updateEsxiSourceSchema>;

/** Pin the certificate the last test reported (it must match what the host presents now). */
export const acceptEsxiFingerprintSchema = z.object({ fingerprint: fingerprintSchema }).strict();
export type AcceptEsxiFingerprintInput = z.infer<typeof acceptEsxiFingerprintSchema>;

export const esxiSourceListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    companyId: z.uuid().optional(),
  })
  .strict();
export type EsxiSourceListQuery = z.infer<typeof esxiSourceListQuerySchema>;

export const esxiVmListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(100),
    search: z.string().max(100).optional(),
    powerState: z.enum(['poweredOn', 'poweredOff', 'suspended']).optional(),
  })
  .strict();
export type EsxiVmListQuery = z.infer<typeof esxiVmListQuerySchema>;

export type EsxiApiType = 'HostAgent' | 'VirtualCenter';

export interface EsxiSourceDto {
  id: string;
  companyId: string;
  name: string;
  host: string;
  port: number;
  username: string;
  /** The pinned certificate (null until accepted). */
  fingerprint: string | null;
  apiType: EsxiApiType | null;
  version: string | null;
  vmCount: number | null;
  lastTestAt: string | null;
  lastError: string | null;
  lastDiscoveryAt: string | null;
  createdAt: string;
}

export interface EsxiSourcePage {
  items: EsxiSourceDto[];
  total: number;
  page: number;
  pageSize: number;
}

/** A test connection's answer: `trusted` false means the fingerprint must be accepted first. */
export interface EsxiTestResult {
  ok: boolean;
  fingerprint: string;
  trusted: boolean;
  apiType: EsxiApiType | null;
  version: string | null;
  fullName: string | null;
  vmCount: number | null;
  latencyMs: number;
  error: string | null;
}

export interface EsxiDisk {
  label: string;
  /** `[datastore] folder/file.vmdk` */
  fileName: string | null;
  datastore: string | null;
  capacityBytes: number;
  thin: boolean | null;
}

export interface EsxiNic {
  label: string;
  model: string;
  mac: string | null;
  network: string | null;
  connected: boolean | null;
}

export interface EsxiVmDto {
  id: string;
  moref: string;
  name: string;
  uuid: string | null;
  guestOs: string | null;
  guestOsName: string | null;
  firmware: 'bios' | 'efi' | null;
  cpus: number;
  memoryMb: number;
  powerState: string;
  toolsStatus: string | null;
  ipAddresses: string[];
  disks: EsxiDisk[];
  nics: EsxiNic[];
  snapshots: number;
  discoveredAt: string;
}

export interface EsxiVmPage {
  items: EsxiVmDto[];
  total: number;
  page: number;
  pageSize: number;
}

export interface EsxiDatastore {
  moref: string;
  name: string;
  type: string | null;
  capacityBytes: number;
  freeBytes: number;
}

export interface EsxiNetwork {
  moref: string;
  name: string;
  /** Network, DistributedVirtualPortgroup, … */
  type: string;
}

/** What a discovery changed compared with the one before. */
export interface EsxiDiscoveryChanges {
  added: string[];
  removed: string[];
  changed: { name: string; fields: string[] }[];
}

export interface EsxiInventoryDto {
  sourceId: string;
  discoveredAt: string | null;
  datastores: EsxiDatastore[];
  networks: EsxiNetwork[];
  changes: EsxiDiscoveryChanges | null;
}

export interface EsxiDiscoveryStarted {
  job: JobDto;
}
