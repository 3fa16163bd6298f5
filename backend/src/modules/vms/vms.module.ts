import { DynamicModule, Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { JobsModule } from '../jobs/jobs.module';
import { QuotasModule } from '../quotas/quotas.module';
import { TemplatesModule } from '../templates/templates.module';
import { VmGrantsModule } from '../vm-grants/vm-grants.module';
import { VmsDemoService } from './vms-demo.service';
import { VmsTasksService } from './vms-tasks.service';
import { VmsController } from './vms.controller';
import { VmsProcessor } from './vms.processor';
import { VmsRepository } from './vms.repository';
import { VmsService } from './vms.service';

/** VMs and containers over HTTP, with jobs, quotas, templates and per-VM grants. */
@Module({
  imports: [ClustersModule, JobsModule, QuotasModule, TemplatesModule, VmGrantsModule],
  controllers: [VmsController],
  providers: [VmsRepository, VmsService, VmsTasksService, VmsDemoService],
  // VmsTasksService needs the repository, so it lives here; the worker module routes jobs to it.
  exports: [VmsService, VmsTasksService, VmsDemoService],
})
export class VmsModule {
  /** Worker process only: the VM jobs' handlers and the demo estate. */
  static forWorker(): DynamicModule {
    return { module: VmsWorkerModule, imports: [VmsModule], providers: [VmsProcessor] };
  }
}

@Module({})
class VmsWorkerModule {}
