import { Injectable } from '@nestjs/common';
import type { UpdateVmInput, VmDetail, VmJobAccepted } from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError } from '../../common/errors/app-error';
import type { ProxmoxApi } from '../../common/proxmox/proxmox.api';
import { GuestsService } from '../guests/guests.service';
import { IpamService } from '../ipam/ipam.service';
import { QuotasService } from '../quotas/quotas.service';
import { cloudInitParams, disksOf, lxcNetIp, netsOf, netValue, tagsValue } from './vms-config';
import { addDiskParam, bootValue, cdromParam } from './vms-devices';
import { VmGuestJobs } from './vms-guest-jobs';
import { VmsService } from './vms.service';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

type Params = Record<string, string | number | boolean | undefined>;

/**
 * Changing a guest's settings: name, description, tags, CPU, memory, cloud-init, networks, a new
 * disk, the CD/DVD drive and the boot order at once on Proxmox (growth reserved against the quota
 * first), a disk grown as a job.
 */
@Injectable()
export class VmConfigService {
  constructor(
    private readonly guestJobs: VmGuestJobs,
    private readonly guests: GuestsService,
    private readonly quotas: QuotasService,
    private readonly reads: VmsService,
    private readonly activity: ActivityService,
    private readonly ipam: IpamService,
  ) {}

  async update(actor: Actor, id: string, input: UpdateVmInput): Promise<VmDetail | VmJobAccepted> {
    const g = await this.guestJobs.mutable(actor, id, 'edit');
    if (input.networks) await this.ipam.requireGuestVlans(g.clusterId, g.companyId, input.networks);
    const api = await this.guestJobs.api(g);
    const vmid = g.activeVmid!;
    const cfg = await api.guestConfig(g.node, g.kind, vmid);

    const set: Params = {};
    const del: string[] = [];
    if (input.name !== undefined) set[g.kind === 'qemu' ? 'name' : 'hostname'] = input.name;
    if (input.description !== undefined) set.description = input.description;
    if (input.tags !== undefined) {
      if (input.tags.length) set.tags = tagsValue(input.tags);
      else del.push('tags');
    }
    if (input.cores !== undefined) set.cores = input.cores;
    if (input.memoryMb !== undefined)
      set.memory = g.kind === 'qemu' ? String(input.memoryMb) : input.memoryMb;
    if (input.onboot !== undefined) set.onboot = input.onboot;
    if (input.cloudInit) {
      if (g.kind === 'lxc' && (input.cloudInit.password || input.cloudInit.sshKeys)) {
        throw new AppError(
          'VALIDATION_FAILED',
          'Container passwords and SSH keys are set at creation only',
        );
      }
      Object.assign(set, cloudInitParams(g.kind, input.cloudInit));
    }
    if (input.networks) {
      const existing = netsOf(g.kind, cfg);
      input.networks.forEach((n, i) => {
        const old = existing.find((e) => e.key === `net${i}`);
        const mac = old?.mac;
        // A container NIC's address lives in netN itself: an edit keeps it (or takes the one given).
        const ip =
          g.kind === 'lxc' ? (input.cloudInit?.ipConfig?.[i] ?? lxcNetIp(old?.raw)) : undefined;
        let v = netValue(g.kind, i, n, ip);
        if (mac) v = g.kind === 'qemu' ? v.replace(/^([\w-]+)/, `$1=${mac}`) : `${v},hwaddr=${mac}`;
        set[`net${i}`] = v;
      });
      for (const e of existing)
        if (Number(e.key.slice(3)) >= input.networks.length) del.push(e.key);
    }

    let resize: { disk: string; sizeGb: number } | null = null;
    let diskDeltaGb = 0;
    if (g.kind === 'lxc' && (input.cdrom || input.bootOrder))
      throw new AppError('VALIDATION_FAILED', 'Containers have no CD/DVD drive or boot order');
    if (input.addDisk) {
      await this.assertDiskStorage(api, g.node, g.kind, input.addDisk.storage);
      const { key, value } = addDiskParam(g.kind, cfg, input.addDisk);
      set[key] = value;
      diskDeltaGb += input.addDisk.sizeGb;
    }
    if (input.cdrom) {
      if (input.cdrom.isoVolid) await this.assertIso(api, g.node, input.cdrom.isoVolid);
      const { key, value } = cdromParam(cfg, input.cdrom.isoVolid);
      set[key] = value;
    }
    if (input.bootOrder) {
      const after = { ...cfg, ...set };
      for (const k of del) delete after[k];
      set.boot = bootValue(after, input.bootOrder);
    }
    if (input.disk) {
      const disk = disksOf(g.kind, cfg).find((d) => d.key === input.disk!.disk);
      if (!disk) throw new AppError('VALIDATION_FAILED', `The VM has no disk ${input.disk.disk}`);
      const current = disk.sizeGb ?? 0;
      if (input.disk.sizeGb < current) {
        throw new AppError('DISK_SHRINK', `Disks can only grow: ${disk.key} is ${current} GB`, {
          disk: disk.key,
          currentGb: current,
        });
      }
      if (input.disk.sizeGb > current) {
        resize = { disk: disk.key, sizeGb: input.disk.sizeGb };
        diskDeltaGb += Math.ceil(input.disk.sizeGb - current);
      }
    }

    // Growth in CPU, memory or disk is reserved against the quota before Proxmox changes anything.
    const cores = input.cores ?? g.maxcpu ?? 0;
    const memMb = input.memoryMb ?? Math.round(Number(g.maxmem ?? 0) / MIB);
    const delta = {
      guests: 0,
      vcpus: Math.max(0, cores - (g.maxcpu ?? 0)),
      memoryMb: Math.max(0, memMb - Math.round(Number(g.maxmem ?? 0) / MIB)),
      diskGb: diskDeltaGb,
    };
    const before = { maxcpu: g.maxcpu, maxmem: g.maxmem, maxdisk: g.maxdisk };
    await this.quotas.reserve(g.companyId!, delta, (tx) =>
      this.guests.update(
        id,
        {
          maxcpu: cores || g.maxcpu,
          maxmem: BigInt(memMb * MIB),
          maxdisk: BigInt(Number(g.maxdisk ?? 0) + diskDeltaGb * GIB),
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.tags !== undefined ? { tags: input.tags } : {}),
        },
        tx,
      ),
    );
    if (Object.keys(set).length || del.length) {
      try {
        await api.updateConfig(g.node, g.kind, vmid, {
          ...set,
          delete: del.length ? del.join(',') : undefined,
          digest: cfg.digest ?? undefined,
        });
      } catch (err) {
        // Proxmox refused: the reservation is given back; the error itself is mapped globally.
        await this.guests.update(id, { ...before, name: g.name, tags: g.tags as string[] });
        throw err;
      }
    }
    if (input.networks) {
      // The IPAM addresses of NICs the edit removed go back to their range (after its hold).
      await this.ipam.releaseGuestNics(g.id, input.networks.length, actor.principal.userId);
    }
    await this.activity.record({
      action: 'vm.update',
      actor: actor.principal,
      companyId: g.companyId,
      resourceType: 'vm',
      resourceId: id,
      details: { ...input, cloudInit: input.cloudInit ? Object.keys(input.cloudInit) : undefined },
    });
    if (resize) {
      const growGb = diskDeltaGb - (input.addDisk?.sizeGb ?? 0);
      return this.guestJobs.start(
        actor,
        g,
        'vm.resize',
        { ...resize, growGb },
        `Resize ${resize.disk} to ${resize.sizeGb} GB`,
      );
    }
    return this.reads.get(actor, id);
  }

  /** The new disk's storage must be on the guest's node and take guest volumes. */
  private async assertDiskStorage(
    api: ProxmoxApi,
    node: string,
    kind: 'qemu' | 'lxc',
    storage: string,
  ): Promise<void> {
    const content = kind === 'qemu' ? 'images' : 'rootdir';
    const ok = (await api.storages(node, { enabled: true, content })).some(
      (s) => s.storage === storage,
    );
    if (!ok)
      throw new AppError(
        'VALIDATION_FAILED',
        `Storage ${storage} on ${node} does not take ${kind === 'qemu' ? 'VM disks' : 'container volumes'}`,
      );
  }

  /** The ISO must be on a storage the guest's node reads (what `GET /api/media` lists). */
  private async assertIso(api: ProxmoxApi, node: string, volid: string): Promise<void> {
    const storage = volid.split(':')[0];
    const found = await api
      .storageContent(node, storage, { content: 'iso' })
      .then((l) => l.some((v) => v.volid === volid))
      .catch(() => false);
    if (!found) throw new AppError('VALIDATION_FAILED', `ISO image ${volid} not found on ${node}`);
  }
}
