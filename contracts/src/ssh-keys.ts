import { z } from 'zod';
import type { JobDto } from './jobs-api';

// SSH key automation: the platform key pair pushed to every node's authorized_keys.

/** Published when a node stops (or starts again) accepting the active platform key. */
export const SSH_KEY_HEALTH_EVENT = 'ssh.key-health';

// The one-time password is used for one connection and never stored.
const oneTimePassword = z.string().min(1).max(512);
const nodeName = z.string().trim().min(1).max(64);
const hostName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._:-]+$/, 'must be a host name or IP address');

export const sshPushSchema = z
  .object({ password: oneTimePassword, nodes: z.array(nodeName).min(1).max(200).optional() })
  .strict();
export type SshPushInput = z.infer<typeof sshPushSchema>;

export const sshTestSchema = z
  .object({ nodes: z.array(nodeName).min(1).max(200).optional() })
  .strict();
export type SshTestInput = z.infer<typeof sshTestSchema>;

export const sshNodeTargetSchema = z
  .object({
    host: hostName.nullable(),
    port: z.number().int().min(1).max(65535).nullable(),
  })
  .strict();
export type SshNodeTargetInput = z.infer<typeof sshNodeTargetSchema>;

export const sshClusterUserSchema = z
  .object({
    user: z
      .string()
      .trim()
      .regex(/^[a-z_][a-z0-9_.-]{0,63}$/, 'must be a Unix user name'),
  })
  .strict();
export type SshClusterUserInput = z.infer<typeof sshClusterUserSchema>;

/** One password for every cluster, or one per cluster (a per-cluster one wins). */
export const sshBulkPushSchema = z
  .object({
    password: oneTimePassword.optional(),
    clusters: z
      .array(
        z.object({ clusterId: z.string().uuid(), password: oneTimePassword.optional() }).strict(),
      )
      .min(1)
      .max(500),
  })
  .strict()
  .refine((v) => v.password !== undefined || v.clusters.every((c) => c.password !== undefined), {
    message: 'a password is required for every cluster',
    path: ['password'],
  });
export type SshBulkPushInput = z.infer<typeof sshBulkPushSchema>;

export type SshKeyStatus = 'active' | 'retiring' | 'retired';

export interface SshKeyView {
  id: string;
  fingerprint: string;
  publicKey: string;
  status: SshKeyStatus;
  createdAt: string;
  retiredAt: string | null;
}

export interface SshNodeResult {
  clusterId: string;
  clusterName: string;
  node: string;
  host: string;
  port: number;
  ok: boolean;
  /** Rotation: the node never accepted a platform key, so it holds no old key back. */
  skipped?: boolean;
  /** Platform key ids this node accepted (test) or the key now installed (push). */
  acceptedKeyIds?: string[];
  latencyMs?: number;
  error?: string;
}

export interface SshNodeHealthView {
  clusterId: string;
  clusterName: string;
  sshUser: string;
  node: string;
  host: string;
  port: number;
  /** Overridden host/port (null = defaults: node name, 22). */
  sshHost: string | null;
  sshPort: number | null;
  /** Host key fingerprint pinned on first successful login (null = not yet). */
  sshHostKey: string | null;
  acceptedKeyIds: string[];
  acceptsActive: boolean | null;
  latencyMs: number | null;
  lastCheckAt: string | null;
  lastOkAt: string | null;
  lastError: string | null;
}

export interface SshKeysOverview {
  activeKey: SshKeyView | null;
  keys: SshKeyView[];
  nodes: SshNodeHealthView[];
}

export interface SshKeyHealthEvent {
  clusterId: string;
  clusterName: string;
  node: string;
  acceptsActive: boolean;
  error: string | null;
}

export interface SshJobStarted {
  job: JobDto;
}
