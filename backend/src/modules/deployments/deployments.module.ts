import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { ClustersModule } from '../clusters/clusters.module';
import { GuestsModule } from '../guests/guests.module';
import { JobsModule } from '../jobs/jobs.module';
import { VmsModule } from '../vms/vms.module';
import { DeploymentAppLogsService } from './deployment-app-logs.service';
import { DeploymentCancelFlags } from './deployment-cancel';
import { DeploymentRunnerService } from './deployment-runner.service';
import { DeploymentsController, FrameworksController } from './deployments.controller';
import { DeploymentsProcessor } from './deployments.processor';
import { DeploymentsRepository } from './deployments.repository';
import { DeploymentsService } from './deployments.service';

/** Application deployments (issue 24); `forWorker()` adds the deployment job's handler. */
@Module({
  imports: [AccessModule, JobsModule, ClustersModule, GuestsModule, VmsModule],
  controllers: [FrameworksController, DeploymentsController],
  providers: [
    DeploymentsRepository,
    DeploymentsService,
    DeploymentRunnerService,
    DeploymentAppLogsService,
    DeploymentCancelFlags,
  ],
  exports: [DeploymentsService, DeploymentRunnerService],
})
export class DeploymentsModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return {
      module: DeploymentsWorkerModule,
      imports: [DeploymentsModule],
      providers: [DeploymentsProcessor],
    };
  }
}

@Module({})
class DeploymentsWorkerModule {}
