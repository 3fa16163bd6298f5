import { DynamicModule, Module } from '@nestjs/common';
import {
  DEFAULT_JOBS_WORKER_OPTIONS,
  JobHandlerRegistry,
  JOBS_WORKER_OPTIONS,
  TrackedJobsWorker,
  type JobsWorkerOptions,
} from '../jobs/job-runner';
import { VmsModule } from './vms.module';
import { VmsProcessor } from './vms.processor';
import { VmsScheduler } from './vms.scheduler';

/** Worker process only: runs the `vms` queue (import once in WorkerModule). */
@Module({})
export class VmsWorkerModule {
  static forRoot(options: Partial<JobsWorkerOptions> = {}): DynamicModule {
    return {
      module: VmsWorkerModule,
      imports: [VmsModule],
      providers: [
        { provide: JOBS_WORKER_OPTIONS, useValue: { ...DEFAULT_JOBS_WORKER_OPTIONS, ...options } },
        JobHandlerRegistry,
        VmsProcessor,
        VmsScheduler,
        TrackedJobsWorker,
      ],
      exports: [TrackedJobsWorker, JobHandlerRegistry],
    };
  }
}
