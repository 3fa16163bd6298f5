import type { DeploymentStatus, DeploymentView, ReleaseView } from '@multpanel/contracts';
import type { DeploymentRow, ReleaseRow } from './deployments.repository';

/** One variable as stored in `envKeys`: secret values live only in the encrypted `envValues`. */
export interface StoredEnvKey {
  key: string;
  secret: boolean;
  /** Plain value of a non-secret variable. */
  value?: string;
}

export function envKeysOf(row: Pick<DeploymentRow, 'envKeys'>): StoredEnvKey[] {
  return Array.isArray(row.envKeys) ? (row.envKeys as unknown as StoredEnvKey[]) : [];
}

export function webhookPath(id: string): string {
  return `/api/deployments/${id}/webhook`;
}

export function toDeploymentView(d: DeploymentRow, publicUrl: string): DeploymentView {
  return {
    id: d.id,
    companyId: d.companyId,
    name: d.name,
    repoUrl: d.repoUrl,
    hasRepoToken: d.repoToken !== null,
    ref: d.ref,
    framework: d.framework,
    runtimeVersion: d.runtimeVersion,
    target: {
      type: d.createdGuest ? 'new' : 'guest',
      guestId: d.guestId,
      sshUser: d.sshUser,
      sshPort: d.sshPort,
    },
    port: d.port,
    installCommand: d.installCommand,
    buildCommand: d.buildCommand,
    startCommand: d.startCommand,
    healthPath: d.healthPath,
    env: envKeysOf(d).map((e) => ({
      key: e.key,
      secret: e.secret,
      value: e.secret ? null : (e.value ?? ''),
    })),
    domain: d.domain,
    keepReleases: d.keepReleases,
    status: d.status as DeploymentStatus,
    failedStep: d.failedStep,
    error: d.error,
    currentReleaseId: d.currentReleaseId,
    accessPublicKey: d.accessPublicKey,
    deployPublicKey: d.deployPublicKey,
    hostKeyFingerprint: d.hostKey,
    webhookUrl: `${publicUrl.replace(/\/+$/, '')}${webhookPath(d.id)}`,
    lastJobId: d.lastJobId,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function toReleaseView(r: ReleaseRow, currentReleaseId: string | null): ReleaseView {
  return {
    id: r.id,
    deploymentId: r.deploymentId,
    commit: r.commit,
    author: r.author,
    message: r.message,
    trigger: r.trigger as ReleaseView['trigger'],
    triggeredBy: r.triggeredBy,
    status: r.status as ReleaseView['status'],
    failedStep: r.failedStep,
    durationMs: r.durationMs,
    available: r.available,
    current: r.id === currentReleaseId,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** Median of a list of durations (null when empty). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
}
