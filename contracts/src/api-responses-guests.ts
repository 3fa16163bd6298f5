import { z } from 'zod';
import type { GuestBackupList } from './backups';
import type { BackupRestoreAccepted, BackupRunAccepted } from './backups';
import type { GuestView, ImportGuestsResult, Paged } from './clusters';
import type { FrameworkPreset } from './deployments';
import { VM_RIGHTS } from './permissions';
import type { MediaDto } from './templates';
import {
  GUEST_KINDS,
  type BulkCreateVmResult,
  type BulkVmResult,
  type PciMappingView,
  type PlacementCluster,
  type PlacementResources,
  type VmDetail,
  type VmGrantEntry,
  type VmJobAccepted,
  type VmMigrateTargets,
  type VmRrdPoint,
  type VmSnapshot,
} from './vms';
import { at, count, id, pageOf } from './api-response-kit';
import { backupResultSchema, jobSchema, vmDetailSchema } from './api-responses-core';
import { ipAddressSchema } from './api-responses-network';

// Response schemas of guests (VMs and containers), their devices and backups, the create wizard
// and placement, media and frameworks, merged into API_RESPONSES; see api-responses.ts for the
// rules (typed against the SPA's interface, strict objects, 2xx answers only). Each route here is
// parsed against the real API's answer by some integration test (expectApiResponse).

const nullableCount = count.nullable();
const kind = z.enum(GUEST_KINDS);
const vmid = z.number().int().positive();
const failure = z.object({ code: z.string().min(1), message: z.string() }).strict();

// --- guests -------------------------------------------------------------------------------------

/** 202 of every job-producing guest route. */
export const vmJobAcceptedSchema: z.ZodType<VmJobAccepted> = z
  .object({ job: jobSchema, vmId: id })
  .strict();

/** PUT /vms/:id: the changed guest, or 202 with a job (a disk resize). */
const vmUpdatedSchema: z.ZodType<VmDetail | VmJobAccepted> = z.union([
  vmJobAcceptedSchema,
  vmDetailSchema,
]);

const num = z.number().nullable();
const vmRrdSchema: z.ZodType<VmRrdPoint[]> = z.array(
  z
    .object({
      time: z.number().int().min(0),
      cpu: num,
      mem: num,
      maxmem: num,
      netin: num,
      netout: num,
      diskread: num,
      diskwrite: num,
    })
    .strict(),
);

const vmSnapshotsSchema: z.ZodType<VmSnapshot[]> = z.array(
  z
    .object({
      name: z.string().min(1),
      description: z.string().nullable(),
      createdAt: at.nullable(),
      parent: z.string().nullable(),
      includesRam: z.boolean(),
    })
    .strict(),
);

const bulkVmResultSchema: z.ZodType<BulkVmResult> = z
  .object({
    results: z.array(
      z
        .object({
          id,
          ok: z.boolean(),
          job: jobSchema.optional(),
          error: failure.optional(),
        })
        .strict(),
    ),
  })
  .strict();

const bulkCreateVmResultSchema: z.ZodType<BulkCreateVmResult> = z
  .object({
    results: z.array(
      z
        .object({
          name: z.string().min(1),
          ok: z.boolean(),
          vmId: id.optional(),
          job: jobSchema.optional(),
          error: failure.optional(),
        })
        .strict(),
    ),
  })
  .strict();

const vmMigrateTargetsSchema: z.ZodType<VmMigrateTargets> = z
  .object({
    node: z.string().min(1),
    running: z.boolean(),
    targets: z.array(
      z
        .object({ node: z.string().min(1), allowed: z.boolean(), reasons: z.array(z.string()) })
        .strict(),
    ),
    localDisks: z.array(
      z.object({ volid: z.string(), sizeBytes: nullableCount, cdrom: z.boolean() }).strict(),
    ),
    localResources: z.array(z.string()),
    onlineBlockers: z.array(z.string()),
  })
  .strict();

const vmGrantsSchema: z.ZodType<VmGrantEntry[]> = z.array(
  z
    .object({ userId: id, email: z.string(), name: z.string(), rights: z.array(z.enum(VM_RIGHTS)) })
    .strict(),
);

// --- the create wizard: placement, media ------------------------------------------------------

const placementClustersSchema: z.ZodType<PlacementCluster[]> = z.array(
  z.object({ id, name: z.string(), status: z.string().min(1) }).strict(),
);

const placementResourcesSchema: z.ZodType<PlacementResources> = z
  .object({
    clusterId: id,
    nodes: z.array(
      z
        .object({
          node: z.string().min(1),
          online: z.boolean(),
          storages: z.array(
            z
              .object({
                storage: z.string().min(1),
                type: z.string(),
                shared: z.boolean(),
                content: z.array(z.string()),
                availBytes: nullableCount,
                totalBytes: nullableCount,
              })
              .strict(),
          ),
          bridges: z.array(
            z
              .object({
                iface: z.string().min(1),
                vlanAware: z.boolean(),
                comment: z.string().nullable(),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    guestNetwork: z
      .object({ bridge: z.string().min(1), vlan: z.number().int().nullable(), rangeId: id })
      .strict()
      .nullable(),
  })
  .strict();

const pciMappingsSchema: z.ZodType<PciMappingView[]> = z.array(
  z
    .object({
      id,
      description: z.string(),
      devices: z.array(
        z
          .object({
            node: z.string().min(1),
            path: z.string().min(1),
            deviceId: z.string().nullable(),
          })
          .strict(),
      ),
      nodes: z.array(z.string().min(1)),
    })
    .strict(),
);

const mediaSchema: z.ZodType<MediaDto[]> = z.array(
  z
    .object({
      volid: z.string().min(1),
      kind: z.enum(['iso', 'vztmpl']),
      storage: z.string().min(1),
      node: z.string().min(1),
      size: nullableCount,
    })
    .strict(),
);

const frameworksSchema: z.ZodType<FrameworkPreset[]> = z.array(
  z
    .object({
      id,
      name: z.string().min(1),
      family: z.enum(['node', 'static', 'python', 'php', 'fullstack', 'docker']),
      runtime: z.enum(['node', 'python', 'php', 'docker']),
      versions: z.array(z.string()),
      defaultPort: z.number().int().min(1).max(65535),
      installCommand: z.string(),
      buildCommand: z.string(),
      startCommand: z.string(),
      healthPath: z.string(),
      baseTemplate: z.object({ kind, os: z.string() }).strict(),
    })
    .strict(),
);

// --- unassigned guests and their import --------------------------------------------------------

export const guestViewSchema: z.ZodType<GuestView> = z
  .object({
    id,
    clusterId: id,
    clusterName: z.string(),
    vmid,
    kind,
    name: z.string().nullable(),
    status: z.string(),
    node: z.string(),
    maxcpu: nullableCount,
    maxmemBytes: nullableCount,
    maxdiskBytes: nullableCount,
    tags: z.array(z.string()),
    pool: z.string().nullable(),
    template: z.boolean(),
    lock: z.string().nullable(),
    companyId: id.nullable(),
    firstSeenAt: at,
    lastSeenAt: at,
    goneAt: at.nullable(),
  })
  .strict();

const importGuestsResultSchema: z.ZodType<ImportGuestsResult> = z
  .object({
    imported: count,
    guestIds: z.array(id),
    addresses: z.array(
      z
        .object({
          guestId: id,
          nic: count.nullable(),
          address: z.string().min(1),
          source: z.enum(['config', 'agent']),
          outcome: z.enum(['recorded', 'unknown', 'taken']),
          rangeId: id.nullable(),
          rangeName: z.string().nullable(),
          message: z.string().nullable(),
        })
        .strict(),
    ),
  })
  .strict();

// --- backups of one guest -----------------------------------------------------------------------

const guestBackupListSchema: z.ZodType<GuestBackupList> = z
  .object({
    archives: z.array(
      z
        .object({
          volid: z.string().min(1),
          storage: z.string().min(1),
          node: z.string().min(1),
          format: z.string(),
          sizeBytes: count,
          createdAt: at.nullable(),
          notes: z.string().nullable(),
          protected: z.boolean(),
        })
        .strict(),
    ),
    last: backupResultSchema.nullable(),
  })
  .strict();

const backupRunAcceptedSchema: z.ZodType<BackupRunAccepted> = z
  .object({ job: jobSchema.nullable(), runId: id })
  .strict();

const backupRestoreAcceptedSchema: z.ZodType<BackupRestoreAccepted> = z
  .object({ job: jobSchema, vmId: id })
  .strict();

export const GUEST_RESPONSES = {
  'POST /vms': vmJobAcceptedSchema,
  'POST /vms/bulk-create': bulkCreateVmResultSchema,
  'POST /vms/bulk': bulkVmResultSchema,
  'PUT /vms/:id': vmUpdatedSchema,
  'POST /vms/:id/control': vmJobAcceptedSchema,
  'POST /vms/:id/migrate': vmJobAcceptedSchema,
  'GET /vms/:id/migrate-targets': vmMigrateTargetsSchema,
  'POST /vms/:id/template': vmJobAcceptedSchema,
  'DELETE /vms/:id': vmJobAcceptedSchema,
  'GET /vms/:id/snapshots': vmSnapshotsSchema,
  'POST /vms/:id/snapshots': vmJobAcceptedSchema,
  'POST /vms/:id/snapshots/:id/rollback': vmJobAcceptedSchema,
  'DELETE /vms/:id/snapshots/:id': vmJobAcceptedSchema,
  'GET /vms/:id/rrd': vmRrdSchema,
  'GET /vms/:id/grants': vmGrantsSchema,
  'PUT /vms/:id/grants': vmGrantsSchema,
  'PUT /vms/:id/nics/:id/address': z.array(ipAddressSchema),
  'GET /vms/placement/clusters': placementClustersSchema,
  'GET /vms/placement/resources': placementResourcesSchema,
  'GET /vms/placement/pci-mappings': pciMappingsSchema,
  'GET /media': mediaSchema,
  'GET /frameworks': frameworksSchema,
  'GET /guests/unassigned': pageOf(guestViewSchema) satisfies z.ZodType<Paged<GuestView>>,
  'POST /guests/import': importGuestsResultSchema,
  'GET /vms/:id/backups': guestBackupListSchema,
  'POST /vms/:id/backups': backupRunAcceptedSchema,
  'POST /vms/:id/backups/restore': backupRestoreAcceptedSchema,
} as const satisfies Record<string, z.ZodType>;
