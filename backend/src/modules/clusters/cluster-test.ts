import type { ClusterTestResult } from '@multpanel/contracts';
import { ProxmoxError, type ProxmoxApi } from '../../common/proxmox';

/** Privileges on `/` the inventory and health jobs cannot work without. */
export const REQUIRED_READ_PRIVILEGES = ['Sys.Audit', 'VM.Audit', 'Datastore.Audit'] as const;
/** Privileges the VM lifecycle features use; missing ones are reported, not fatal. */
export const LIFECYCLE_PRIVILEGES = [
  'VM.Allocate',
  'VM.PowerMgmt',
  'VM.Console',
  'VM.Config.Disk',
  'VM.Snapshot',
  'VM.Backup',
  'Datastore.AllocateSpace',
] as const;

/**
 * Reachability, version, nodes, quorum, latency and token privileges in one pass. Never throws:
 * a failure becomes `ok: false` with a message a person can act on.
 */
export async function testClusterConnection(
  api: ProxmoxApi,
  timeoutMs = 10_000,
): Promise<ClusterTestResult> {
  const result: ClusterTestResult = {
    ok: false,
    reachable: false,
    endpoint: null,
    latencyMs: null,
    version: null,
    clusterName: null,
    quorate: null,
    nodes: [],
    permissions: [],
    missingPermissions: [],
    error: null,
    errorCode: null,
  };
  try {
    const t0 = performance.now();
    const version = await api.version({ timeoutMs });
    result.latencyMs = Math.round(performance.now() - t0);
    result.reachable = true;
    result.endpoint = api.client.activeEndpoint;
    result.version = version.version || null;

    const status = await api.clusterStatus({ timeoutMs });
    const cluster = status.find((s) => s.type === 'cluster');
    const nodes = status.filter((s) => s.type === 'node');
    result.clusterName = cluster?.name ?? nodes[0]?.name ?? null;
    // A single node without a cluster has no quorum entry: it is trivially quorate.
    result.quorate = cluster ? (cluster.quorate ?? null) : nodes.length > 0;
    result.nodes = nodes.map((n) => ({ name: n.name, online: n.online ?? false }));

    const perms = await api.permissions({ path: '/' });
    const root = perms['/'] ?? {};
    result.permissions = Object.entries(root)
      .filter(([, v]) => Number(v) === 1 || v === (true as unknown as number))
      .map(([k]) => k)
      .sort();
    const held = new Set(result.permissions);
    result.missingPermissions = [...REQUIRED_READ_PRIVILEGES, ...LIFECYCLE_PRIVILEGES].filter(
      (p) => !held.has(p),
    );
    const missingRead = REQUIRED_READ_PRIVILEGES.filter((p) => !held.has(p));
    if (missingRead.length) {
      result.error = `The credentials lack ${missingRead.join(', ')} on / (needed to read the inventory)`;
      result.errorCode = 'PVE_FORBIDDEN';
    } else {
      result.ok = true;
    }
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
    result.errorCode = err instanceof ProxmoxError ? err.code : 'INTERNAL';
    if (
      err instanceof ProxmoxError &&
      !['PVE_UNREACHABLE', 'PVE_TIMEOUT', 'PVE_TLS'].includes(err.code)
    ) {
      result.reachable = true;
    }
  }
  return result;
}
