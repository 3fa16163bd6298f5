import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { ClustersModule } from '../clusters/clusters.module';
import { IpamModule } from '../ipam/ipam.module';
import { JobsModule } from '../jobs/jobs.module';
import { FirewallApplyQueue } from './firewall-apply-queue';
import { FirewallChangesService } from './firewall-changes.service';
import { FirewallConnector } from './firewall-connector';
import { FirewallDeployRunner } from './firewall-deploy.runner';
import { FirewallDeployService } from './firewall-deploy.service';
import { FirewallsController } from './firewalls.controller';
import { FirewallsProcessor } from './firewalls.processor';
import { FirewallsRepository } from './firewalls.repository';
import { FirewallsService } from './firewalls.service';

/** OPNsense edge firewalls (issue 21): registration, items, change sets, zero-touch deployment. */
@Module({
  imports: [AccessModule, IpamModule, JobsModule, ClustersModule],
  controllers: [FirewallsController],
  providers: [
    FirewallsRepository,
    FirewallsService,
    FirewallChangesService,
    FirewallApplyQueue,
    FirewallConnector,
    FirewallDeployService,
  ],
  exports: [FirewallsService, FirewallsRepository, FirewallConnector, FirewallChangesService],
})
export class FirewallsModule {
  /** Worker process only: the deployment job's handler. */
  static forWorker(): DynamicModule {
    return {
      module: FirewallsWorkerModule,
      imports: [FirewallsModule, ClustersModule, IpamModule],
      providers: [FirewallDeployRunner, FirewallsProcessor],
    };
  }
}

@Module({})
class FirewallsWorkerModule {}
