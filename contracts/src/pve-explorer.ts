import { z } from 'zod';

// Proxmox API explorer (issue 25): the PVE 9.1 schema the repository carries, browsable, and
// "try it" against a cluster the caller administers.

export const PVE_HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
export type PveHttpMethod = (typeof PVE_HTTP_METHODS)[number];

/** A path of the API tree with the methods it documents (the whole tree: GET /api/pve-api/tree). */
export interface PveApiTreeNode {
  path: string;
  /** The last segment, e.g. `{vmid}` or `status`. */
  text: string;
  methods: PveHttpMethod[];
  children: PveApiTreeNode[];
}

export const pveApiSearchSchema = z
  .object({
    search: z.string().trim().max(200).optional(),
    method: z.enum(PVE_HTTP_METHODS).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type PveApiSearchQuery = z.infer<typeof pveApiSearchSchema>;

export interface PveApiEndpointSummary {
  method: PveHttpMethod;
  path: string;
  /** Proxmox's handler name, e.g. `vm_status`. */
  name: string | null;
  description: string | null;
  /** Whether Proxmox proxies it to a node (`proxyto`) or it needs root (`protected`). */
  protected: boolean;
}

export const pveApiEndpointQuerySchema = z
  .object({
    method: z.enum(PVE_HTTP_METHODS),
    path: z.string().trim().min(1).max(300).startsWith('/'),
  })
  .strict();
export type PveApiEndpointQuery = z.infer<typeof pveApiEndpointQuerySchema>;

export interface PveApiParameter {
  name: string;
  /** From the path (`{node}`) rather than the query or body. */
  inPath: boolean;
  type: string | null;
  /** A named format (`pve-node`), or the sub-keys of a property string. */
  format: string | null;
  formatKeys: string[];
  enum: string[] | null;
  optional: boolean;
  default: unknown;
  minimum: number | null;
  maximum: number | null;
  pattern: string | null;
  description: string | null;
}

export interface PveApiEndpointDetail extends PveApiEndpointSummary {
  parameters: PveApiParameter[];
  /** The return shape in Proxmox's JSON-schema dialect. */
  returns: unknown;
  /** What Proxmox checks (`permissions.check`), its description, or `user: all`. */
  permissions: { check: unknown; description: string | null; user: string | null } | null;
  allowToken: boolean;
}

const paramValue = z.union([z.string().max(65_536), z.number(), z.boolean()]);

/** Try an endpoint on a cluster: POST /api/clusters/:id/pve-api/call. */
export const pveApiCallSchema = z
  .object({
    method: z.enum(PVE_HTTP_METHODS),
    /** The concrete path, e.g. `/nodes/pve1/qemu/100/status/current` (no /api2/json). */
    path: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .regex(/^\/[A-Za-z0-9_.:@!\-/{}%=,+]*$/, 'a Proxmox API path such as /nodes/pve1/status'),
    params: z.record(z.string().min(1).max(128), paramValue).default({}),
    /** Required for anything but GET: the person confirmed a change to the cluster. */
    confirm: z.boolean().optional(),
  })
  .strict();
export type PveApiCallInput = z.infer<typeof pveApiCallSchema>;

export interface PveApiCallResult {
  ok: boolean;
  /** Proxmox's HTTP status. */
  status: number;
  data: unknown;
  error: string | null;
  durationMs: number;
  /** The same call for a shell; the secret is a variable the person sets. */
  curl: string;
  pvesh: string;
}
