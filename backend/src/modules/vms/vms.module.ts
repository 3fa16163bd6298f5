import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { JobsModule } from '../jobs/jobs.module';
import { QuotasModule } from '../quotas/quotas.module';
import { TemplatesModule } from '../templates/templates.module';
import { VmGrantsModule } from '../vm-grants/vm-grants.module';
import { VmsController } from './vms.controller';
import { VmsRepository } from './vms.repository';
import { VmsService } from './vms.service';

/** VMs and containers over HTTP, with jobs, quotas, templates and per-VM grants. */
@Module({
  imports: [ClustersModule, JobsModule, QuotasModule, TemplatesModule, VmGrantsModule],
  controllers: [VmsController],
  providers: [VmsRepository, VmsService],
  exports: [VmsService, VmsRepository, JobsModule, TemplatesModule, VmGrantsModule, ClustersModule],
})
export class VmsModule {}
