import { Injectable, Logger } from '@nestjs/common';
import { parseIp, type ImportedGuestAddress } from '@multpanel/contracts';
import { AppError } from '../../common/errors/app-error';
import type { AgentInterface } from '../../common/proxmox/proxmox.api';
import { ClusterConnectionService } from '../clusters/cluster-connection.service';
import { GuestsService } from '../guests/guests.service';
import { knownGuestAddresses } from './ipam-import-rules';
import { IpamAllocator } from './ipam-allocator';
import { networkOf } from './ipam-rules';
import { IpamSweepsRepository } from './ipam-sweeps.repository';

type Range = Awaited<ReturnType<IpamSweepsRepository['rangesFor']>>[number];

/**
 * Records the addresses of guests just imported into a company (called by the inventory module
 * after the import): each address the guest's config carries (and, for a running QEMU VM with the
 * agent enabled, its agent reports) becomes an allocation to the guest in the range of the company,
 * or of the shared pool, that holds it on the guest's cluster. Nothing is read from a cluster where
 * the company uses no range: IPAM has nothing to record there (the conflict sweep only looks inside
 * ranges too). A guest whose config cannot be read is left out; the import itself stands.
 */
@Injectable()
export class IpamGuestImportService {
  private readonly log = new Logger(IpamGuestImportService.name);

  constructor(
    private readonly guests: GuestsService,
    private readonly connections: ClusterConnectionService,
    private readonly sweeps: IpamSweepsRepository,
    private readonly allocator: IpamAllocator,
  ) {}

  async recordImported(
    guestIds: string[],
    companyId: string,
    actorId: string | null,
  ): Promise<ImportedGuestAddress[]> {
    const out: ImportedGuestAddress[] = [];
    const rangesByCluster = new Map<string, Range[]>();
    for (const id of guestIds) {
      const guest = await this.guests.findById(id);
      if (!guest || guest.companyId !== companyId || guest.template) continue;
      let ranges = rangesByCluster.get(guest.clusterId);
      if (!ranges) {
        ranges = (await this.sweeps.rangesFor(guest.clusterId)).filter(
          (r) => r.companyId === companyId || r.companyId === null,
        );
        rangesByCluster.set(guest.clusterId, ranges);
      }
      if (ranges.length === 0) continue;
      let known;
      try {
        known = await this.read(guest);
      } catch (err) {
        this.log.warn(`guest ${guest.id}: config not read on import: ${(err as Error).message}`);
        continue;
      }
      for (const k of known) {
        const range = rangeHolding(ranges, k.address, companyId);
        const base = { guestId: guest.id, nic: k.nic, address: k.address, source: k.source };
        if (!range) {
          out.push({ ...base, outcome: 'unknown', rangeId: null, rangeName: null, message: null });
          continue;
        }
        const named = { rangeId: range.id, rangeName: range.name };
        try {
          const full = await this.allocator.rangeFor(range.id, companyId);
          await this.allocator.take(full, k.address, {
            status: 'allocated',
            purpose: 'guest',
            companyId,
            guestId: guest.id,
            nic: k.nic,
            hostname: guest.name,
            note: 'recorded on import',
            actorId,
          });
          out.push({ ...base, ...named, outcome: 'recorded', message: null });
        } catch (err) {
          if (!(err instanceof AppError && err.code === 'IPAM_ADDRESS_TAKEN')) throw err;
          out.push({ ...base, ...named, outcome: 'taken', message: err.message });
        }
      }
    }
    return out;
  }

  /** The guest's config, and its agent's interfaces when a running VM has the agent enabled. */
  private async read(guest: {
    clusterId: string;
    node: string;
    vmid: number;
    kind: 'qemu' | 'lxc';
    status: string;
  }) {
    const { api } = await this.connections.open(guest.clusterId, 'interactive', {
      whenOffline: 'refuse',
    });
    const cfg = await api.guestConfig(guest.node, guest.kind, guest.vmid);
    let agent: AgentInterface[] = [];
    if (
      guest.kind === 'qemu' &&
      guest.status === 'running' &&
      /^(1|enabled=1)/.test(String(cfg.agent ?? ''))
    ) {
      agent = await api.agentNetworkInterfaces(guest.node, guest.vmid).catch(() => []);
    }
    return knownGuestAddresses(guest.kind, cfg, agent);
  }
}

/** The range whose allocation window holds `address`: the company's own before the shared pool's. */
function rangeHolding(ranges: Range[], address: string, companyId: string): Range | undefined {
  const ip = parseIp(address);
  if (!ip) return undefined;
  const holds = (r: Range) => {
    const off = ip.value - networkOf(r);
    return r.family === ip.family && off >= r.firstOffset && off <= r.lastOffset;
  };
  return ranges.find((r) => r.companyId === companyId && holds(r)) ?? ranges.find((r) => holds(r));
}
