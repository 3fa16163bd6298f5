import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { VmGrantsModule } from '../vm-grants/vm-grants.module';
import { TrackedJobRunner } from './job-runner';
import { JobRecovery } from './job-recovery';
import { JobRegistry } from './job-registry';
import { JobSchedulers } from './job-schedulers';
import { JobsController } from './jobs.controller';
import { JobsProcessor } from './jobs.processor';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';
import { JobsWorker } from './jobs-worker';
import {
  JOBS_WORKER_OPTIONS,
  jobsWorkerOptions,
  type JobsWorkerOverrides,
} from './jobs-worker.options';

/** Tracked jobs over HTTP (list, one with its log) and JobsService, which creates and enqueues them. */
@Module({
  imports: [VmGrantsModule],
  controllers: [JobsController],
  providers: [JobsRepository, JobsService],
  exports: [JobsService],
})
export class JobsModule {
  /**
   * The job framework's worker side, once per worker process: the registry (finds every `@OnJob`
   * of the feature worker modules by discovery), the runner of every queue, the tracked-job
   * runner, the schedulers and recovery.
   */
  static forWorker(options: JobsWorkerOverrides = {}): DynamicModule {
    return {
      module: JobsWorkerModule,
      imports: [JobsModule, DiscoveryModule],
      providers: [
        { provide: JOBS_WORKER_OPTIONS, useValue: jobsWorkerOptions(options) },
        JobRegistry,
        TrackedJobRunner,
        JobSchedulers,
        JobRecovery,
        JobsWorker,
        JobsProcessor,
      ],
      exports: [JobRegistry, TrackedJobRunner, JobSchedulers, JobRecovery, JobsWorker],
    };
  }
}

@Module({})
class JobsWorkerModule {}
