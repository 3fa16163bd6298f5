import { Injectable } from '@nestjs/common';
import { OnJob } from '../jobs/job.decorators';
import { UsageService } from './usage.service';

/** Worker only: the hourly usage snapshot. */
@Injectable()
export class UsageProcessor {
  constructor(private readonly usage: UsageService) {}

  @OnJob('usage.snapshot')
  snapshot() {
    return this.usage.snapshot();
  }
}
