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
  /** `[datastore] folder/name.vmx` (null: discovered before it was read). */
  vmxPath: string | null;
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

// --- import through Proxmox VE's native importer (storage type esxi) ----------------------------

const pveNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9\-_.]*$/, 'a Proxmox name (letter first; letters, digits, - _ .)')
  .max(64);

/** Where a discovered VM would land: the import plan (metadata and warnings) is read there. */
export const esxiImportPlanSchema = z.object({ clusterId: z.uuid(), node: pveNameSchema }).strict();
export type EsxiImportPlanInput = z.infer<typeof esxiImportPlanSchema>;

/**
 * Maps source networks to a bridge (and VLAN, IPAM range). An entry without `source` applies to
 * every NIC no other entry names.
 */
export const esxiNetworkMappingSchema = z
  .object({
    source: z.string().min(1).max(255).optional(),
    bridge: pveNameSchema.max(32),
    vlan: z
      .number()
      .int()
      .min(1, 'VLAN must be 1..4094')
      .max(4094, 'VLAN must be 1..4094')
      .optional(),
    /** IPAM range: the new guest keeps its old address when the range holds it, else gets a free one. */
    ipamRangeId: z.uuid().optional(),
  })
  .strict();
export type EsxiNetworkMapping = z.infer<typeof esxiNetworkMappingSchema>;

export const esxiImportSchema = z
  .object({
    clusterId: z.uuid(),
    node: pveNameSchema,
    /** Target storage of every disk (`<storage>:0,import-from=…`). */
    storage: pveNameSchema,
    networks: z.array(esxiNetworkMappingSchema).min(1).max(16),
    /** New name on Proxmox (default: the source VM's name, made a valid host name). */
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'letters, digits and -')
      .max(63)
      .optional(),
    /** Start the guest once imported. */
    start: z.boolean().default(false),
    /** Live import (`live-restore`): the guest starts while its disks are still copied. */
    live: z.boolean().default(false),
  })
  .strict();
export type EsxiImportInput = z.infer<typeof esxiImportSchema>;

export type EsxiImportWarningType =
  | 'cdrom-image-ignored'
  | 'efi-state-lost'
  | 'guest-is-running'
  | 'nvme-unsupported'
  | 'ova-needs-extracting'
  | 'ovmf-with-lsi-unsupported'
  | 'serial-port-socket-only';

export interface EsxiImportWarning {
  type: EsxiImportWarningType | string;
  key: string | null;
  value: string | null;
  /** What it means for the import, in words. */
  message: string;
}

/** What Proxmox's importer will create (import-metadata), before anything is imported. */
export interface EsxiImportPlan {
  /** The esxi storage on the target cluster that reaches this source. */
  esxiStorage: string;
  /** The `.vmx` volume on that storage. */
  volid: string;
  createArgs: Record<string, string | number>;
  disks: Array<{ key: string; volid: string; sizeBytes: number }>;
  efiDisk: boolean;
  nics: Array<{ key: string; model: string; mac: string | null; network: string | null }>;
  warnings: EsxiImportWarning[];
  /** What to do in the guest once it runs on Proxmox (VMware Tools, VirtIO drivers, agent). */
  hints: EsxiPostImportHint[];
}

/** One item of the after-import checklist (`virtio-drivers`, `remove-vmware-tools`, …). */
export interface EsxiPostImportHint {
  type: string;
  message: string;
}

/** The guest agent check after a wave's import started the guest. */
export interface EsxiAgentCheck {
  /** The agent answered within the wait. */
  answered: boolean;
  /** The IPv4/IPv6 addresses it reported (loopback left out). */
  addresses: string[];
  waitedSeconds: number;
}

export interface EsxiImportAccepted {
  job: JobDto;
  /** The new guest (a placeholder until the import has created it). */
  vmId: string;
  /** What import-metadata warned about (also in the job log). */
  warnings: EsxiImportWarning[];
}

// --- migration projects: discovered VMs moved in waves ------------------------------------------

export const createEsxiProjectSchema = z
  .object({
    sourceId: z.uuid(),
    name: z.string().trim().min(1).max(100),
    clusterId: z.uuid(),
    node: pveNameSchema,
    /** Default target storage. */
    storage: pveNameSchema,
    networks: z.array(esxiNetworkMappingSchema).min(1).max(32),
    /** A source datastore's disks go to another storage than the default. */
    datastores: z
      .array(z.object({ datastore: z.string().min(1).max(255), storage: pveNameSchema }).strict())
      .max(64)
      .default([]),
  })
  .strict();
export type CreateEsxiProjectInput = z.infer<typeof createEsxiProjectSchema>;

/** The project's VMs (replaces the list): wave 1 runs first; inside a wave, list order. */
export const setEsxiProjectVmsSchema = z
  .object({
    vms: z
      .array(z.object({ esxiVmId: z.uuid(), wave: z.number().int().min(1).max(100) }).strict())
      .max(1000),
  })
  .strict();
export type SetEsxiProjectVmsInput = z.infer<typeof setEsxiProjectVmsSchema>;

export const runEsxiWaveSchema = z
  .object({
    /** Start each guest once imported. */
    start: z.boolean().default(false),
    /** Shut each source VM down on ESXi before its disks are copied (a consistent copy). */
    shutdownSource: z.boolean().default(false),
    /**
     * After the start, wait up to this many seconds for the QEMU guest agent to answer (the VM is
     * created with the agent channel on); 0 does not check. Needs `start`.
     */
    verifyAgentSeconds: z.number().int().min(0).max(900).default(0),
  })
  .strict()
  .refine((v) => v.verifyAgentSeconds === 0 || v.start, {
    path: ['verifyAgentSeconds'],
    message: 'the guest agent can only be checked on guests that are started (start: true)',
  });
export type RunEsxiWaveInput = z.infer<typeof runEsxiWaveSchema>;

export const esxiProjectListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
    companyId: z.uuid().optional(),
  })
  .strict();
export type EsxiProjectListQuery = z.infer<typeof esxiProjectListQuerySchema>;

export type EsxiProjectVmStatus =
  | 'planned'
  | 'refused'
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'rolled-back';

export interface EsxiProjectVmDto {
  id: string;
  esxiVmId: string;
  name: string;
  wave: number;
  position: number;
  /** planned; refused (the import could not start); else the import job's status. */
  status: EsxiProjectVmStatus;
  progress: number | null;
  jobId: string | null;
  guestId: string | null;
  error: string | null;
  warnings: string[];
  sizeBytes: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** Seconds from the start of the import to its end (or now). */
  durationSeconds: number | null;
  /** The import shut the source VM down on ESXi (a rollback powers it on again). */
  sourceShutDown: boolean;
  /** The guest agent check (a wave run with `verifyAgentSeconds`), once the import has done it. */
  agent: EsxiAgentCheck | null;
  /** The after-import checklist of the finished import (empty before). */
  hints: EsxiPostImportHint[];
}

export interface EsxiProjectDto {
  id: string;
  companyId: string;
  sourceId: string;
  name: string;
  clusterId: string;
  node: string;
  storage: string;
  networks: EsxiNetworkMapping[];
  datastores: Array<{ datastore: string; storage: string }>;
  createdAt: string;
  vms: EsxiProjectVmDto[];
}

export interface EsxiProjectPage {
  items: Omit<EsxiProjectDto, 'vms'>[];
  total: number;
  page: number;
  pageSize: number;
}

/** A wave rolled back: imports still under way cancelled, source VMs it shut down powered on. */
export interface EsxiWaveRolledBack {
  wave: number;
  cancelled: number;
  poweredOn: number;
  /** Source VMs that could not be powered on, with the reason. */
  errors: Array<{ name: string; error: string }>;
  project: EsxiProjectDto;
}

export interface EsxiWaveStarted {
  wave: number;
  started: number;
  refused: number;
  project: EsxiProjectDto;
}
