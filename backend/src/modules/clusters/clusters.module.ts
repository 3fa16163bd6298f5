import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { ClusterConnectionService } from './cluster-connection.service';
import { ClusterHealthService } from './cluster-health.service';
import { ClusterJobsService } from './cluster-jobs.service';
import { ClusterStatusService } from './cluster-status.service';
import { BulkClustersController, ClustersController } from './clusters.controller';
import { ClustersProcessor } from './clusters.processor';
import { ClustersRepository } from './clusters.repository';
import { ClustersService } from './clusters.service';
import { OwnedClustersController } from './owned-clusters.controller';

/** Clusters over HTTP and the services other modules use; `forWorker()` adds the job handlers. */
@Module({
  imports: [AccessModule],
  controllers: [ClustersController, BulkClustersController, OwnedClustersController],
  providers: [
    ClustersRepository,
    ClustersService,
    ClusterStatusService,
    ClusterConnectionService,
    ClusterJobsService,
    ClusterHealthService,
  ],
  exports: [ClustersService, ClusterConnectionService, ClusterJobsService, ClusterHealthService],
})
export class ClustersModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return {
      module: ClustersWorkerModule,
      imports: [ClustersModule],
      providers: [ClustersProcessor],
    };
  }
}

@Module({})
class ClustersWorkerModule {}
