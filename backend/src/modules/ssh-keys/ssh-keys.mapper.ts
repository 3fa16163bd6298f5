import type { SshKeyView, SshNodeHealthView } from '@multpanel/contracts';
import type { NodeTargetRow, SshKeyRow } from './ssh-keys.repository';

// The private key never leaves the service: views carry only public material.
export function toKeyView(k: SshKeyRow): SshKeyView {
  return {
    id: k.id,
    fingerprint: k.fingerprint,
    publicKey: k.publicKey,
    status: k.status,
    createdAt: k.createdAt.toISOString(),
    retiredAt: k.retiredAt?.toISOString() ?? null,
  };
}

export function toNodeHealthView(n: NodeTargetRow): SshNodeHealthView {
  return {
    clusterId: n.clusterId,
    clusterName: n.clusterName,
    sshUser: n.sshUser,
    node: n.name,
    host: n.sshHost ?? n.name,
    port: n.sshPort ?? 22,
    sshHost: n.sshHost,
    sshPort: n.sshPort,
    sshHostKey: n.sshHostKey,
    acceptedKeyIds: n.health?.acceptedKeyIds ?? [],
    acceptsActive: n.health ? n.health.acceptsActive : null,
    latencyMs: n.health?.latencyMs ?? null,
    lastCheckAt: n.health?.lastCheckAt.toISOString() ?? null,
    lastOkAt: n.health?.lastOkAt?.toISOString() ?? null,
    lastError: n.health?.lastError ?? null,
  };
}
