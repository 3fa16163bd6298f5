import { Injectable } from '@nestjs/common';
import type {
  VmDetail,
  VmInterfaceAddresses,
  VmKind,
  VmListQuery,
  VmLiveStatus,
  VmPage,
  VmRrdPoint,
  VmSnapshot,
  VmSummary,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { toNumber, type ProxmoxApi, type RequestOptions } from '../../common/proxmox';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { configView } from './vms-config';
import { VmGuestJobs } from './vms-guest-jobs';
import { toVmSummary } from './vms.mapper';
import { VmsRepository, type GuestSummaryRow } from './vms.repository';

export const JOB_SECRET_CONTEXT = 'job.secret';
const LIVE_TIMEOUT_MS = 4000;

type Raw = Record<string, unknown>;

/**
 * Reading guests: the scoped list, one guest with its live state, its charts and snapshots.
 * Changes live in VmPlacementService (create), VmConfigService (settings) and VmLifecycleService.
 */
@Injectable()
export class VmsService {
  constructor(
    private readonly repo: VmsRepository,
    private readonly access: AccessService,
    private readonly guests: VmGuestJobs,
    private readonly connections: ClusterConnectionService,
  ) {}

  async list(actor: Actor, q: VmListQuery): Promise<VmPage> {
    const guestIds = await this.access.visibleGuestIds(actor);
    const [rows, total] = await this.repo.page(actor.scope, guestIds, q);
    return { items: await this.summaries(rows), total, page: q.page, pageSize: q.pageSize };
  }

  /** The stored guest and, when its cluster answers within a few seconds, its live state. */
  async get(actor: Actor, id: string): Promise<VmDetail> {
    const guest = await this.access.requireGuest(actor, id, 'view');
    const [summary] = await this.summaries([guest]);
    const rights = await this.access.guestRights(actor, id);
    const detail: VmDetail = {
      ...summary,
      live: null,
      config: null,
      clusterStatus: guest.cluster.status,
      rights,
      addresses: null,
    };
    if (guest.activeVmid === null || guest.cluster.status === 'offline') return detail;
    const { api } = await this.connections.open(guest.clusterId, 'interactive');
    const opts = { timeoutMs: LIVE_TIMEOUT_MS, retries: 0 };
    try {
      const vmid = guest.activeVmid;
      const [status, cfg] = await Promise.all([
        api.guestStatus(guest.node, guest.kind, vmid, opts),
        api.guestConfig(guest.node, guest.kind, vmid, {}, opts),
      ]);
      detail.live = liveOf(status);
      detail.config = configView(guest.kind, cfg ?? {});
    } catch (err) {
      detail.clusterStatus = `unreachable: ${(err as Error).message}`;
      return detail;
    }
    if (detail.live?.status === 'running') {
      detail.addresses = await this.addressesOf(api, guest, opts).catch(() => null);
    }
    return detail;
  }

  /**
   * What the running guest says its addresses are: a VM through its QEMU guest agent (an error until
   * the agent answers), a container through its interfaces. Loopback is left out.
   */
  private async addressesOf(
    api: ProxmoxApi,
    guest: { node: string; kind: VmKind; activeVmid: number | null },
    opts: RequestOptions,
  ): Promise<VmInterfaceAddresses[]> {
    const all = await api.guestInterfaces(guest.node, guest.kind, guest.activeVmid!, opts);
    return all
      .filter((i) => i.name !== 'lo')
      .map((i) => ({
        name: i.name,
        ipv4: i.ipv4.filter((a) => !a.startsWith('127.')),
        ipv6: i.ipv6.filter((a) => a !== '::1' && !a.toLowerCase().startsWith('fe80:')),
      }))
      .filter((i) => i.ipv4.length || i.ipv6.length);
  }

  async rrd(actor: Actor, id: string, timeframe: 'hour' | 'day' | 'week'): Promise<VmRrdPoint[]> {
    const g = await this.guests.active(actor, id, 'view');
    const api = await this.guests.api(g);
    const rows = await api.guestRrdData(g.node, g.kind, g.activeVmid!, timeframe, 'AVERAGE');
    const n = (v: unknown) => (v === undefined || v === null ? null : (toNumber(v) ?? null));
    // Proxmox keeps a VMID's rrd file across delete and re-create: a new guest would show the
    // previous holder's history. Only points from when this platform first saw the guest count.
    const since = Math.floor(g.firstSeenAt.getTime() / 1000);
    return rows
      .filter((r) => Number(r.time ?? 0) >= since)
      .map((r) => ({
        time: Number(r.time ?? 0),
        cpu: n(r.cpu),
        mem: n(r.mem),
        maxmem: n(r.maxmem),
        netin: n(r.netin),
        netout: n(r.netout),
        diskread: n(r.diskread),
        diskwrite: n(r.diskwrite),
      }));
  }

  async snapshots(actor: Actor, id: string): Promise<VmSnapshot[]> {
    const g = await this.guests.active(actor, id, 'view');
    const api = await this.guests.api(g);
    const list = await api.snapshots(g.node, g.kind, g.activeVmid!);
    return list
      .filter((s) => s.name !== 'current')
      .map((s) => ({
        name: s.name,
        description: s.description ?? null,
        createdAt: s.snaptime ? new Date(s.snaptime * 1000).toISOString() : null,
        parent: s.parent ?? null,
        includesRam: Boolean(s.vmstate),
      }));
  }

  private async summaries(rows: GuestSummaryRow[]): Promise<VmSummary[]> {
    const names = await this.repo.names(
      [...new Set(rows.map((r) => r.companyId).filter((c): c is string => !!c))],
      [...new Set(rows.map((r) => r.clusterId))],
    );
    return rows.map((r) => toVmSummary(r, names));
  }
}

function liveOf(s: Raw | null): VmLiveStatus {
  const n = (v: unknown) => toNumber(v) ?? 0;
  return {
    status: String(s?.status ?? 'unknown'),
    uptime: n(s?.uptime),
    cpu: n(s?.cpu),
    cpus: s?.cpus === undefined ? null : n(s.cpus),
    mem: n(s?.mem),
    maxmem: n(s?.maxmem),
    disk: n(s?.disk),
    maxdisk: n(s?.maxdisk),
    netin: n(s?.netin),
    netout: n(s?.netout),
    ...(s?.qmpstatus ? { qmpstatus: String(s.qmpstatus) } : {}),
  };
}
