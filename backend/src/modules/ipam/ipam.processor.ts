import { Injectable } from '@nestjs/common';
import { OnJob } from '../jobs/job.decorators';
import { IpamService } from './ipam.service';

/** Worker only: the recurring hand-back of addresses whose hold has run out. */
@Injectable()
export class IpamProcessor {
  constructor(private readonly ipam: IpamService) {}

  @OnJob('ipam.reclaim-held')
  async reclaimHeld(): Promise<{ reclaimed: number }> {
    return { reclaimed: await this.ipam.reclaimExpired() };
  }
}
