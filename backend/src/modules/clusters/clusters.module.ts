import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { ClusterConnectionService } from './cluster-connection.service';
import { ClusterHealthService } from './cluster-health.service';
import { ClusterJobsService } from './cluster-jobs.service';
import { ClusterStatusService } from './cluster-status.service';
import { BulkClustersController, ClustersController } from './clusters.controller';
import { ClustersRepository } from './clusters.repository';
import { ClustersService } from './clusters.service';

/** API side; the worker adds ClustersProcessor (see worker.module PROCESSORS). */
@Module({
  imports: [AccessModule],
  controllers: [ClustersController, BulkClustersController],
  providers: [
    ClustersRepository,
    ClustersService,
    ClusterStatusService,
    ClusterConnectionService,
    ClusterJobsService,
    ClusterHealthService,
  ],
  exports: [
    ClustersService,
    ClusterConnectionService,
    ClusterJobsService,
    ClusterHealthService,
    // For the worker's ClustersProcessor only (until it moves to the service).
    ClustersRepository,
  ],
})
export class ClustersModule {}
