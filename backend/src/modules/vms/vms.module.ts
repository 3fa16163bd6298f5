import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { ClustersModule } from '../clusters/clusters.module';
import { GuestsModule } from '../guests/guests.module';
import { IpamModule } from '../ipam/ipam.module';
import { JobsModule } from '../jobs/jobs.module';
import { QuotasModule } from '../quotas/quotas.module';
import { TemplatesModule } from '../templates/templates.module';
import { VmGrantsModule } from '../vm-grants/vm-grants.module';
import { VmConfigService } from './vms-config.service';
import { VmsDemoService } from './vms-demo.service';
import { DemoEstateService } from './vms-demo-seed';
import { VmGuestJobs } from './vms-guest-jobs';
import { VmLifecycleService } from './vms-lifecycle.service';
import { VmNicAddressService } from './vms-nic-address.service';
import { VmPlacementService } from './vms-placement.service';
import { VmsTasksService } from './vms-tasks.service';
import { VmsController } from './vms.controller';
import { VmsProcessor } from './vms.processor';
import { VmsRepository } from './vms.repository';
import { VmsService } from './vms.service';

/** VMs and containers over HTTP, with jobs, quotas, templates and per-VM grants. */
@Module({
  imports: [
    AccessModule,
    ClustersModule,
    GuestsModule,
    IpamModule,
    JobsModule,
    QuotasModule,
    TemplatesModule,
    VmGrantsModule,
  ],
  controllers: [VmsController],
  providers: [
    VmsRepository,
    VmsService,
    VmGuestJobs,
    VmPlacementService,
    VmConfigService,
    VmNicAddressService,
    VmLifecycleService,
    DemoEstateService,
    VmsTasksService,
    VmsDemoService,
  ],
  // The worker module routes jobs to the tasks and demo services; deployments create guests.
  exports: [VmsService, VmsTasksService, VmsDemoService, VmPlacementService],
})
export class VmsModule {
  /** Worker process only: the VM jobs' handlers and the demo estate. */
  static forWorker(): DynamicModule {
    return { module: VmsWorkerModule, imports: [VmsModule], providers: [VmsProcessor] };
  }
}

@Module({})
class VmsWorkerModule {}
