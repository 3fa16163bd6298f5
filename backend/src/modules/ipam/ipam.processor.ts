import { Injectable } from '@nestjs/common';
import type { JobFailure, JobRunContext } from '../jobs/job-context';
import { OnJob, OnJobFailed } from '../jobs/job.decorators';
import { IpamSdnService } from './ipam-sdn.service';
import { IpamSweepService } from './ipam-sweep.service';
import { IpamService } from './ipam.service';

/** Worker only: the recurring hand-back of held addresses, conflict sweeps, SDN subnet syncs. */
@Injectable()
export class IpamProcessor {
  constructor(
    private readonly ipam: IpamService,
    private readonly sweeps: IpamSweepService,
    private readonly sdn: IpamSdnService,
  ) {}

  @OnJob('ipam.reclaim-held')
  async reclaimHeld(): Promise<{ reclaimed: number }> {
    return { reclaimed: await this.ipam.reclaimExpired() };
  }

  @OnJob('ipam.conflict-sweep')
  sweep(ctx: JobRunContext<'ipam.conflict-sweep'>) {
    return this.sweeps.run(ctx);
  }

  @OnJobFailed('ipam.conflict-sweep')
  sweepFailed(f: JobFailure<'ipam.conflict-sweep'>) {
    return this.sweeps.failed(f);
  }

  @OnJob('ipam.sdn-sync')
  sdnSync(ctx: JobRunContext<'ipam.sdn-sync'>) {
    return this.sdn.run(ctx);
  }

  @OnJobFailed('ipam.sdn-sync')
  sdnSyncFailed(f: JobFailure<'ipam.sdn-sync'>) {
    return this.sdn.failed(f);
  }
}
