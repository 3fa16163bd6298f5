import { AppError } from '../errors/app-error';
import type { RedisService } from '../redis/redis.service';
import type { ProxmoxApi } from './proxmox.api';

// A VMID for a guest about to be created, safe against concurrent jobs: `/cluster/nextid` answers the
// same id to jobs that ask at once, so each candidate is also claimed in Redis (SET NX, 30 min) and
// confirmed free on Proxmox. Same key as the VM create job's (`vmid:<cluster>:<vmid>`), so both
// coordinate. VM create, backup restore and ESXi import all claim through here.

const HOLD_MS = 30 * 60_000;

export function vmidKey(redis: RedisService, clusterId: string, vmid: number): string {
  return redis.key('vmid', clusterId, String(vmid));
}

export async function reserveVmid(
  redis: RedisService,
  api: ProxmoxApi,
  clusterId: string,
): Promise<number> {
  let candidate = await api.nextId();
  for (let i = 0; i < 200; i++, candidate++) {
    const ok = await redis.client.set(
      vmidKey(redis, clusterId, candidate),
      '1',
      'PX',
      HOLD_MS,
      'NX',
    );
    if (!ok) continue;
    try {
      return await api.nextId(candidate); // still free on Proxmox
    } catch {
      continue;
    }
  }
  throw new AppError('CONFLICT', 'Could not find a free VMID');
}

/** Once the guest exists (or its creation failed), the claim is no longer needed. */
export async function releaseVmid(
  redis: RedisService,
  clusterId: string,
  vmid: number,
): Promise<void> {
  await redis.client.del(vmidKey(redis, clusterId, vmid));
}
