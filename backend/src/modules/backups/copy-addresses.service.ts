import { Injectable } from '@nestjs/common';
import type { ProxmoxApi } from '../../common/proxmox';
import { IpamService } from '../ipam/ipam.service';
import { nicAddressParams } from '../vms/vms-config';
import { disconnectedNetworks } from './restore-config';

export interface GuestCopy {
  guestId: string;
  companyId: string;
  clusterId: string;
  node: string;
  kind: 'qemu' | 'lxc';
  vmid: number;
}

/**
 * A restored copy of a guest (a restore to a new guest, a DR standby) carries the source's
 * configuration, addresses included: each NIC the source holds an IPAM address on gets the copy's
 * own address written into it (cloud-init `ipconfigN`, LXC `netN` ip=), and a NIC that cannot get
 * one is left disconnected (`link_down=1`), so the copy never comes up with the source's address.
 */
@Injectable()
export class CopyAddressesService {
  constructor(private readonly ipam: IpamService) {}

  /** Config changes for the copy (empty when the source has no IPAM address) and log lines. */
  async readdress(
    api: ProxmoxApi,
    copy: GuestCopy,
    sourceGuestId: string,
  ): Promise<{ change: Record<string, string>; log: string[] }> {
    const { placed, unplaced } = await this.ipam.allocateCopyNics(sourceGuestId, {
      id: copy.guestId,
      companyId: copy.companyId,
      clusterId: copy.clusterId,
    });
    if (!placed.length && !unplaced.length) return { change: {}, log: [] };
    const cfg = await api.guestConfig(copy.node, copy.kind, copy.vmid);
    const change: Record<string, string> = {};
    const log: string[] = [];
    for (const a of placed) {
      const params = nicAddressParams(copy.kind, cfg, a);
      if (!params) continue;
      for (const [k, v] of Object.entries(params)) if (v !== undefined) change[k] = String(v);
      log.push(`net${a.nic}: address ${a.address} (IPAM)`);
    }
    for (const u of unplaced) {
      const key = `net${u.nic}`;
      Object.assign(change, disconnectedNetworks(copy.kind, { [key]: change[key] ?? cfg[key] }));
      log.push(`${key} left disconnected: ${u.reason}`);
    }
    return { change, log };
  }

  /**
   * DR fail-over (`replace`) and fail-back: `to` takes over `fromGuestId`'s addresses where their
   * range reaches its cluster (`IpamService.handOverNics`), and its config is written with every
   * address it then holds (a restore may have brought another guest's addresses into it).
   */
  async handOver(
    api: ProxmoxApi,
    to: GuestCopy,
    fromGuestId: string,
    opts: { replace: boolean },
  ): Promise<{ change: Record<string, string>; log: string[] }> {
    const { moved, kept, holds } = await this.ipam.handOverNics(
      fromGuestId,
      { id: to.guestId, clusterId: to.clusterId },
      opts,
    );
    const log = [
      ...moved.map((a) => `net${a.nic}: takes over address ${a.address} (IPAM)`),
      ...kept.map((k) => `net${k.nic}: address ${k.address} not taken over: ${k.reason}`),
    ];
    if (!holds.length) return { change: {}, log };
    const cfg = await api.guestConfig(to.node, to.kind, to.vmid);
    const change: Record<string, string> = {};
    for (const a of holds) {
      const params = nicAddressParams(to.kind, cfg, a);
      for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) change[k] = String(v);
    }
    return { change, log };
  }
}
