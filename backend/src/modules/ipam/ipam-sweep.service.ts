import { Injectable } from '@nestjs/common';
import {
  formatIp,
  Permission,
  parseIp,
  type IpamConflictPage,
  type IpamConflictRow,
  type IpamConflictsQuery,
  type IpamSweepAccepted,
  type IpamSweepDto,
  type IpamSweepFinding,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { notFound } from '../../common/errors/app-error';
import type { IpamSweep, Prisma } from '../../generated/prisma/client';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { GuestsService } from '../guests/guests.service';
import type { JobFailure, JobRunContext } from '../jobs/job-context';
import { JobsService } from '../jobs/jobs.service';
import { networkOf } from './ipam-rules';
import {
  sdnTagFindings,
  sweepable,
  sweepFindings,
  type GuestObservation,
} from './ipam-sweep-rules';
import { IpamSweepsRepository } from './ipam-sweeps.repository';

/**
 * Conflict sweep of one cluster (staff: `cluster.manage`): the guest agents' addresses of its running
 * VMs against IPAM. The agent reads go one after another through the cluster's `background` request
 * budget (a token bucket), so a sweep spreads over time instead of bursting one request per guest.
 * Guests without an answering agent are counted as skipped. Ranges bound to an SDN VNet of the
 * cluster are checked against the VNet's tag now (one `GET /cluster/sdn/vnets`): a VNet re-tagged
 * in Proxmox since the binding is an `sdn_tag_mismatch` finding.
 */
@Injectable()
export class IpamSweepService {
  constructor(
    private readonly repo: IpamSweepsRepository,
    private readonly access: AccessService,
    private readonly connections: ClusterConnectionService,
    private readonly guests: GuestsService,
    private readonly jobs: JobsService,
  ) {}

  async start(actor: Actor, clusterId: string): Promise<IpamSweepAccepted> {
    await this.access.requireCluster(actor, clusterId, 'manage');
    const sweep = await this.repo.create(clusterId);
    const job = await this.jobs.start({
      type: 'ipam.conflict-sweep',
      companyId: null,
      actorId: actor.principal.userId,
      clusterId,
      params: { sweepId: sweep.id, clusterId },
      message: 'IPAM conflict sweep',
    });
    await this.repo.update(sweep.id, { jobId: job.id });
    return { sweepId: sweep.id, job };
  }

  async latest(actor: Actor, clusterId: string): Promise<IpamSweepDto> {
    await this.access.requireCluster(actor, clusterId, 'manage');
    const row = await this.repo.latest(clusterId);
    if (!row) throw notFound('Conflict sweep');
    return toSweepDto(row);
  }

  /**
   * The findings of the latest finished sweep of each cluster the caller manages, filtered by
   * cluster, range and kind, paged (cluster by cluster, each in the order its sweep found them). A named cluster or range the
   * caller cannot see is 404 (as for a missing one).
   */
  async conflicts(actor: Actor, q: IpamConflictsQuery): Promise<IpamConflictPage> {
    let clusterIds: string[] | null;
    if (q.clusterId) {
      await this.access.requireCluster(actor, q.clusterId, 'manage');
      clusterIds = [q.clusterId];
    } else {
      this.access.requirePermission(actor, Permission.ClusterManage);
      clusterIds = await this.access.visibleClusterIds(actor);
    }
    if (q.rangeId) await this.access.requireIpRange(actor, q.rangeId, 'read');
    const sweeps = clusterIds?.length === 0 ? [] : await this.repo.latestDone(clusterIds);
    const rows: IpamConflictRow[] = [];
    for (const s of sweeps) {
      for (const f of storedFindings(s)) {
        if (q.kind && f.kind !== q.kind) continue;
        if (q.rangeId && f.rangeId !== q.rangeId) continue;
        rows.push({
          ...f,
          clusterId: s.clusterId,
          clusterName: s.cluster.name,
          sweepId: s.id,
          sweptAt: (s.finishedAt ?? s.startedAt).toISOString(),
        });
      }
    }
    const skip = (q.page - 1) * q.pageSize;
    return {
      items: rows.slice(skip, skip + q.pageSize),
      total: rows.length,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Worker: the `ipam.conflict-sweep` job. */
  async run(ctx: JobRunContext<'ipam.conflict-sweep'>) {
    const { sweepId, clusterId } = ctx.params;
    const sweep = await this.repo.find(sweepId);
    if (!sweep || sweep.status !== 'running') return { skipped: 'not running' };
    const { api } = await this.connections.open(clusterId, 'background');
    const vms = (await api.clusterResources('vm')).filter(
      (r) => r.type === 'qemu' && r.status === 'running' && !r.template && r.node && r.vmid,
    );
    const owners = new Map(
      (await this.guests.activeOwners(clusterId)).map((g) => [g.vmid, g] as const),
    );
    const observed: GuestObservation[] = [];
    let skipped = 0;
    for (const [i, vm] of vms.entries()) {
      if (ctx.signal.aborted) throw new Error('the worker is stopping');
      try {
        const nics = await api.agentNetworkInterfaces(vm.node!, vm.vmid!);
        const g = owners.get(vm.vmid!);
        observed.push({
          guestId: g?.id ?? null,
          vmid: vm.vmid!,
          name: g?.name ?? vm.name ?? null,
          addresses: nics.flatMap((n) => n.addresses.map((a) => a.address)),
        });
      } catch {
        skipped++; // no agent configured or running: nothing to compare
      }
      if (i % 10 === 9) await ctx.progress(Math.round((90 * (i + 1)) / vms.length));
    }
    const ranges = await this.repo.rangesFor(clusterId);
    const texts = new Set<string>();
    for (const o of observed)
      for (const a of o.addresses.filter(sweepable)) {
        const ip = parseIp(a)!;
        texts.add(formatIp(ip.family, ip.value));
      }
    const known = await this.repo.knownAddresses(
      ranges.map((r) => r.id),
      [...texts],
    );
    const findings = [
      ...sweepFindings(
        observed,
        ranges.map((r) => ({ ...r, start: networkOf(r) })),
        known,
      ),
      ...(await this.sdnTags(ctx, api, clusterId)),
    ];
    await this.repo.update(sweepId, {
      status: 'done',
      guestsChecked: observed.length,
      guestsSkipped: skipped,
      findings: findings as unknown as Prisma.InputJsonValue,
      finishedAt: new Date(),
    });
    return { checked: observed.length, skipped, findings: findings.length };
  }

  /** Bound ranges whose VNet's tag changed since the binding (none when nothing is bound). */
  private async sdnTags(
    ctx: JobRunContext<'ipam.conflict-sweep'>,
    api: { sdnVnets(): Promise<Array<{ vnet: string; tag: number | null }>> },
    clusterId: string,
  ) {
    const bound = await this.repo.boundRanges(clusterId);
    if (!bound.length) return [];
    const found = sdnTagFindings(bound, await api.sdnVnets());
    if (found.length) {
      await ctx.log(
        found.map(
          (f) =>
            `range ${f.rangeName}: VNet ${f.sdn!.vnet} is tagged ${f.sdn!.tag ?? 'none'} on Proxmox, ${f.sdn!.boundTag ?? 'none'} when bound`,
        ),
      );
    }
    return found;
  }

  async failed(f: JobFailure<'ipam.conflict-sweep'>) {
    await this.repo.update(f.params.sweepId, {
      status: 'failed',
      error: f.error.slice(0, 4000),
      finishedAt: new Date(),
    });
  }
}

/** A sweep's stored findings; those stored before `sdn` existed carry none. */
const storedFindings = (s: Pick<IpamSweep, 'findings'>): IpamSweepFinding[] =>
  ((s.findings ?? []) as unknown as IpamSweepFinding[]).map((f) => ({ ...f, sdn: f.sdn ?? null }));

function toSweepDto(s: IpamSweep): IpamSweepDto {
  return {
    id: s.id,
    clusterId: s.clusterId,
    status: s.status as IpamSweepDto['status'],
    jobId: s.jobId,
    guestsChecked: s.guestsChecked,
    guestsSkipped: s.guestsSkipped,
    findings: storedFindings(s),
    error: s.error,
    startedAt: s.startedAt.toISOString(),
    finishedAt: s.finishedAt?.toISOString() ?? null,
  };
}
