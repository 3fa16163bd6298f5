import { z } from 'zod';
import {
  DEPLOYMENT_STATUSES,
  type CreatedDeploymentView,
  type DeploymentStats,
  type DeploymentView,
  type ReleaseView,
} from './deployments';
import type {
  EsxiAgentCheck,
  EsxiDiscoveryStarted,
  EsxiImportAccepted,
  EsxiImportPlan,
  EsxiImportWarning,
  EsxiInventoryDto,
  EsxiPostImportHint,
  EsxiProjectDto,
  EsxiProjectVmDto,
  EsxiSourceDto,
  EsxiTestResult,
  EsxiVmDto,
  EsxiVmPage,
  EsxiWaveRolledBack,
  EsxiWaveStarted,
} from './esxi';
import { at, count, id, pageOf } from './api-response-kit';
import { jobSchema } from './api-responses-core';

// Response schemas of Git app deployments and ESXi import (sources, projects, waves), merged into
// API_RESPONSES; see api-responses.ts for the rules (typed against the SPA's interface, strict
// objects, 2xx answers only). Each route here is parsed against the real API's answer by some
// integration test (expectApiResponse).

const text = z.string();
const port = z.number().int().min(1).max(65535);

// --- jobs: what the tracked actions answer ------------------------------------------------------

const job = jobSchema;

// --- deployments --------------------------------------------------------------------------------

const deploymentFields = {
  id,
  companyId: id,
  name: z.string().min(1),
  repoUrl: z.string().min(1),
  hasRepoToken: z.boolean(),
  ref: z.string().min(1),
  framework: z.string().min(1),
  runtimeVersion: text.nullable(),
  target: z
    .object({
      type: z.enum(['guest', 'new']),
      guestId: id,
      sshUser: z.string().min(1),
      sshPort: port,
    })
    .strict(),
  port,
  installCommand: text,
  buildCommand: text,
  startCommand: text,
  healthPath: z.string().startsWith('/'),
  // A secret's value never comes back (null); a plain one always does.
  env: z.array(
    z
      .object({ key: z.string().min(1), value: text.nullable(), secret: z.boolean() })
      .strict()
      .refine((e) => e.secret === (e.value === null), 'secret values are null, plain ones not'),
  ),
  domain: text.nullable(),
  keepReleases: z.number().int().min(1),
  status: z.enum(DEPLOYMENT_STATUSES),
  failedStep: text.nullable(),
  error: text.nullable(),
  currentReleaseId: id.nullable(),
  accessPublicKey: z.string().min(1),
  deployPublicKey: text.nullable(),
  hostKeyFingerprint: text.nullable(),
  webhookUrl: z.string().min(1),
  lastJobId: id.nullable(),
  createdAt: at,
  updatedAt: at,
};

const deployment: z.ZodType<DeploymentView> = z.object(deploymentFields).strict();

const createdDeployment: z.ZodType<CreatedDeploymentView> = z
  .object({ ...deploymentFields, webhookSecret: z.string().min(1) })
  .strict();

const release: z.ZodType<ReleaseView> = z
  .object({
    id,
    deploymentId: id,
    commit: text.nullable(),
    author: text.nullable(),
    message: text.nullable(),
    trigger: z.enum(['manual', 'webhook', 'create', 'rollback']),
    triggeredBy: text.nullable(),
    status: z.enum(['PENDING', 'BUILDING', 'SUCCEEDED', 'FAILED']),
    failedStep: text.nullable(),
    durationMs: count.nullable(),
    available: z.boolean(),
    current: z.boolean(),
    createdAt: at,
    finishedAt: at.nullable(),
  })
  .strict();

const tally = { total: count, running: count };
const deploymentStats: z.ZodType<DeploymentStats> = z
  .object({
    total: count,
    active: count,
    successRate: z.number().min(0).max(1).nullable(),
    medianDeployMs: z.number().min(0).nullable(),
    byFramework: z.array(z.object({ framework: z.string().min(1), ...tally }).strict()),
    byCompany: z.array(z.object({ companyId: id, ...tally }).strict()),
  })
  .strict();

// --- ESXi sources -------------------------------------------------------------------------------

const fingerprint = z.string().regex(/^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/);
const apiType = z.enum(['HostAgent', 'VirtualCenter']);

const esxiSource: z.ZodType<EsxiSourceDto> = z
  .object({
    id,
    companyId: id,
    name: z.string().min(1),
    host: z.string().min(1),
    port,
    username: z.string().min(1),
    fingerprint: fingerprint.nullable(),
    apiType: apiType.nullable(),
    version: text.nullable(),
    vmCount: count.nullable(),
    lastTestAt: at.nullable(),
    lastError: text.nullable(),
    lastDiscoveryAt: at.nullable(),
    createdAt: at,
  })
  .strict();

const esxiTestResult: z.ZodType<EsxiTestResult> = z
  .object({
    ok: z.boolean(),
    fingerprint,
    trusted: z.boolean(),
    apiType: apiType.nullable(),
    version: text.nullable(),
    fullName: text.nullable(),
    vmCount: count.nullable(),
    latencyMs: z.number().min(0),
    error: text.nullable(),
  })
  .strict();

const esxiDiscoveryStarted: z.ZodType<EsxiDiscoveryStarted> = z.object({ job }).strict();

const esxiVm: z.ZodType<EsxiVmDto> = z
  .object({
    id,
    moref: z.string().min(1),
    name: text,
    uuid: text.nullable(),
    guestOs: text.nullable(),
    guestOsName: text.nullable(),
    firmware: z.enum(['bios', 'efi']).nullable(),
    cpus: count,
    memoryMb: count,
    powerState: z.string().min(1),
    toolsStatus: text.nullable(),
    ipAddresses: z.array(text),
    disks: z.array(
      z
        .object({
          label: text,
          fileName: text.nullable(),
          datastore: text.nullable(),
          capacityBytes: count,
          thin: z.boolean().nullable(),
        })
        .strict(),
    ),
    nics: z.array(
      z
        .object({
          label: text,
          model: text,
          mac: text.nullable(),
          network: text.nullable(),
          connected: z.boolean().nullable(),
        })
        .strict(),
    ),
    snapshots: count,
    vmxPath: text.nullable(),
    discoveredAt: at,
  })
  .strict();

const esxiVmPage: z.ZodType<EsxiVmPage> = pageOf(esxiVm);

const esxiInventory: z.ZodType<EsxiInventoryDto> = z
  .object({
    sourceId: id,
    discoveredAt: at.nullable(),
    datastores: z.array(
      z
        .object({
          moref: z.string().min(1),
          name: text,
          type: text.nullable(),
          capacityBytes: count,
          freeBytes: count,
        })
        .strict(),
    ),
    networks: z.array(
      z.object({ moref: z.string().min(1), name: text, type: z.string().min(1) }).strict(),
    ),
    changes: z
      .object({
        added: z.array(text),
        removed: z.array(text),
        changed: z.array(z.object({ name: text, fields: z.array(text) }).strict()),
      })
      .strict()
      .nullable(),
  })
  .strict();

// --- ESXi import --------------------------------------------------------------------------------

const importWarning: z.ZodType<EsxiImportWarning> = z
  .object({
    type: z.string().min(1),
    key: text.nullable(),
    value: text.nullable(),
    message: z.string().min(1),
  })
  .strict();

const postImportHint: z.ZodType<EsxiPostImportHint> = z
  .object({ type: z.string().min(1), message: z.string().min(1) })
  .strict();

const esxiImportPlan: z.ZodType<EsxiImportPlan> = z
  .object({
    esxiStorage: z.string().min(1),
    volid: z.string().min(1),
    createArgs: z.record(z.string(), z.union([z.string(), z.number()])),
    disks: z.array(z.object({ key: z.string().min(1), volid: text, sizeBytes: count }).strict()),
    efiDisk: z.boolean(),
    nics: z.array(
      z
        .object({
          key: z.string().min(1),
          model: text,
          mac: text.nullable(),
          network: text.nullable(),
        })
        .strict(),
    ),
    warnings: z.array(importWarning),
    hints: z.array(postImportHint),
  })
  .strict();

const esxiImportAccepted: z.ZodType<EsxiImportAccepted> = z
  .object({ job, vmId: id, warnings: z.array(importWarning) })
  .strict();

// --- ESXi migration projects and waves ----------------------------------------------------------

const agentCheck: z.ZodType<EsxiAgentCheck> = z
  .object({ answered: z.boolean(), addresses: z.array(text), waitedSeconds: z.number().min(0) })
  .strict();

const projectVm: z.ZodType<EsxiProjectVmDto> = z
  .object({
    id,
    esxiVmId: id,
    name: text,
    wave: z.number().int().min(1),
    position: count,
    status: z.enum([
      'planned',
      'refused',
      'queued',
      'running',
      'succeeded',
      'failed',
      'cancelled',
      'rolled-back',
    ]),
    progress: z.number().min(0).max(100).nullable(),
    jobId: id.nullable(),
    guestId: id.nullable(),
    error: text.nullable(),
    warnings: z.array(text),
    sizeBytes: count,
    startedAt: at.nullable(),
    finishedAt: at.nullable(),
    durationSeconds: z.number().min(0).nullable(),
    sourceShutDown: z.boolean(),
    agent: agentCheck.nullable(),
    hints: z.array(postImportHint),
  })
  .strict();

const esxiProject: z.ZodType<EsxiProjectDto> = z
  .object({
    id,
    companyId: id,
    sourceId: id,
    name: z.string().min(1),
    clusterId: id,
    node: z.string().min(1),
    storage: z.string().min(1),
    networks: z.array(
      z
        .object({
          source: z.string().min(1).optional(),
          bridge: z.string().min(1),
          vlan: z.number().int().min(1).max(4094).optional(),
          ipamRangeId: id.optional(),
        })
        .strict(),
    ),
    datastores: z.array(
      z.object({ datastore: z.string().min(1), storage: z.string().min(1) }).strict(),
    ),
    createdAt: at,
    vms: z.array(projectVm),
  })
  .strict();

const waveNumber = z.number().int().min(1);

const esxiWaveStarted: z.ZodType<EsxiWaveStarted> = z
  .object({ wave: waveNumber, started: count, refused: count, project: esxiProject })
  .strict();

const esxiWaveRolledBack: z.ZodType<EsxiWaveRolledBack> = z
  .object({
    wave: waveNumber,
    cancelled: count,
    poweredOn: count,
    errors: z.array(z.object({ name: text, error: text }).strict()),
    project: esxiProject,
  })
  .strict();

export const WORKLOAD_RESPONSES = {
  'GET /deployments': pageOf(deployment),
  'POST /deployments': createdDeployment,
  'GET /deployments/stats': deploymentStats,
  'GET /deployments/:id': deployment,
  'DELETE /deployments/:id': job,
  'POST /deployments/:id/cancel': job,
  'POST /deployments/:id/deploy': job,
  'GET /deployments/:id/releases': z.array(release),
  'POST /esxi-sources': esxiSource,
  'GET /esxi-sources/:id': esxiSource,
  'POST /esxi-sources/:id/test': esxiTestResult,
  'POST /esxi-sources/:id/accept-certificate': esxiSource,
  'POST /esxi-sources/:id/discover': esxiDiscoveryStarted,
  'GET /esxi-sources/:id/vms': esxiVmPage,
  'GET /esxi-sources/:id/inventory': esxiInventory,
  'POST /esxi-sources/:id/vms/:id/import-plan': esxiImportPlan,
  'POST /esxi-sources/:id/vms/:id/import': esxiImportAccepted,
  'GET /esxi-projects/:id': esxiProject,
  'PUT /esxi-projects/:id/vms': esxiProject,
  'POST /esxi-projects/:id/vms/:id/cancel': esxiProject,
  'POST /esxi-projects/:id/waves/:id/run': esxiWaveStarted,
  'POST /esxi-projects/:id/waves/:id/rollback': esxiWaveRolledBack,
} as const satisfies Record<string, z.ZodType>;
