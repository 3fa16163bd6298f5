import { Module } from '@nestjs/common';
import { VmGrantsModule } from '../vm-grants/vm-grants.module';
import { JobsController } from './jobs.controller';
import { JobsQueue } from './jobs.queue';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

/** Tracked jobs: the API reads them, the worker (VmsWorkerModule) runs them. */
@Module({
  imports: [VmGrantsModule],
  controllers: [JobsController],
  providers: [JobsRepository, JobsQueue, JobsService],
  exports: [JobsService, JobsQueue],
})
export class JobsModule {}
