import { Injectable } from '@nestjs/common';
import type { ChangeNicAddressInput, IpAddressView } from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError } from '../../common/errors/app-error';
import { IpamService } from '../ipam/ipam.service';
import { nicAddressParams } from './vms-config';
import { VmGuestJobs } from './vms-guest-jobs';

/**
 * Staff changing a guest NIC's IPAM address. Like the other NIC changes (PUT /vms/:id) it is one
 * synchronous config write on Proxmox, not a job: the new address is taken first (409 when it is
 * taken or the range is full), written into the guest, and only then is the old one released
 * (after its range's hold). If Proxmox refuses, the new address is freed again.
 */
@Injectable()
export class VmNicAddressService {
  constructor(
    private readonly guestJobs: VmGuestJobs,
    private readonly ipam: IpamService,
    private readonly activity: ActivityService,
  ) {}

  async change(
    actor: Actor,
    id: string,
    nic: number,
    input: ChangeNicAddressInput,
  ): Promise<IpAddressView[]> {
    const g = await this.guestJobs.mutable(actor, id, 'edit');
    if (!g.companyId) {
      throw new AppError(
        'VALIDATION_FAILED',
        'Assign the guest to a company before giving it an address',
      );
    }
    // Another company's range is a 404 even when its cluster does not answer.
    await this.ipam.requireRangeVisible(actor, input.rangeId);
    const api = await this.guestJobs.api(g);
    const vmid = g.activeVmid!;
    const cfg = await api.guestConfig(g.node, g.kind, vmid);
    if (cfg[`net${nic}`] === undefined) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Invalid input: nic: the guest has no NIC net${nic}`,
        [{ path: 'nic', message: `the guest has no NIC net${nic}`, code: 'custom' }],
      );
    }
    const taken = await this.ipam.allocateGuestNic(
      actor,
      { id: g.id, companyId: g.companyId, clusterId: g.clusterId },
      nic,
      input.rangeId,
      input.address,
    );
    try {
      const params = nicAddressParams(g.kind, cfg, taken)!;
      await api.updateConfig(g.node, g.kind, vmid, {
        ...params,
        digest: cfg.digest ?? undefined,
      });
    } catch (err) {
      await this.ipam.releaseNow([taken.addressId]);
      throw err;
    }
    const released = await this.ipam.releaseGuestNic(
      g.id,
      nic,
      taken.addressId,
      actor.principal.userId,
    );
    await this.activity.record({
      action: 'vm.nic-address',
      actor: actor.principal,
      companyId: g.companyId,
      resourceType: 'vm',
      resourceId: g.id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: {
        nic,
        rangeId: input.rangeId,
        address: taken.address,
        released: released.map((r) => r.address),
      },
    });
    return this.ipam.guestAddresses(g.id);
  }
}
