import type { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import type { ClusterConnectionService } from '../clusters/cluster-connection.service';
import type { VmGuestJobs } from './vms-guest-jobs';
import type { VmsRepository } from './vms.repository';
import { VmsService } from './vms.service';

describe('VmsService.rrd', () => {
  it('keeps only the points from when the platform first saw the guest (a reused VMID keeps its rrd file)', async () => {
    const firstSeenAt = new Date('2026-12-07T05:00:00Z');
    const created = firstSeenAt.getTime() / 1000;
    const guest = { node: 'pve1', kind: 'qemu', activeVmid: 100, clusterId: 'c', firstSeenAt };
    const guestRrdData = jest.fn().mockResolvedValue([
      { time: created - 120, cpu: 0.9, mem: 4e9 },
      { time: created - 60, cpu: 0.8, mem: 4e9 },
      { time: created, cpu: 0.1, mem: 1e9 },
      { time: created + 60, cpu: 0.2, mem: 2e9 },
    ]);
    const guests = {
      active: jest.fn().mockResolvedValue(guest),
      api: jest.fn().mockResolvedValue({ guestRrdData }),
    } as unknown as VmGuestJobs;
    const service = new VmsService(
      {} as VmsRepository,
      {} as AccessService,
      guests,
      {} as ClusterConnectionService,
    );
    const points = await service.rrd({} as Actor, 'g1', 'hour');
    expect(points.map((p) => [p.time, p.cpu])).toEqual([
      [created, 0.1],
      [created + 60, 0.2],
    ]);
  });
});
