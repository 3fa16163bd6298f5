import { Injectable } from '@nestjs/common';
import { JobRecovery } from './job-recovery';
import { OnJob } from './job.decorators';

// Rows younger than this may still be on their way into the queue (created, not yet enqueued).
const SWEEP_MIN_AGE_MS = 30_000;

/** Worker only: the periodic recovery sweep. */
@Injectable()
export class JobsProcessor {
  constructor(private readonly recovery: JobRecovery) {}

  @OnJob('jobs.recover')
  sweep() {
    return this.recovery.recover('sweep', SWEEP_MIN_AGE_MS);
  }
}
