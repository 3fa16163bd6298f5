import type { VmSummary } from '@multpanel/contracts';
import type { GuestSummaryRow } from './vms.repository';

export function toVmSummary(
  r: GuestSummaryRow,
  names: { company: Map<string, string>; cluster: Map<string, string> },
): VmSummary {
  return {
    id: r.id,
    vmid: r.vmid,
    kind: r.kind,
    name: r.name,
    status: r.status,
    companyId: r.companyId,
    companyName: r.companyId ? (names.company.get(r.companyId) ?? null) : null,
    clusterId: r.clusterId,
    clusterName: names.cluster.get(r.clusterId) ?? '',
    node: r.node,
    cpus: r.maxcpu,
    maxmem: r.maxmem === null ? null : Number(r.maxmem),
    maxdisk: r.maxdisk === null ? null : Number(r.maxdisk),
    tags: Array.isArray(r.tags) ? (r.tags as string[]) : [],
    template: r.template,
    lock: r.lock,
    updatedAt: r.updatedAt.toISOString(),
  };
}
