import { Module } from '@nestjs/common';
import { ClusterConnectionService } from './cluster-connection.service';
import { ClusterHealthService } from './cluster-health.service';
import { ClusterJobsService } from './cluster-jobs.service';
import { BulkClustersController, ClustersController } from './clusters.controller';
import { ClustersRepository } from './clusters.repository';
import { ClustersService } from './clusters.service';

/** API side; the worker adds ClustersProcessor (see worker.module PROCESSORS). */
@Module({
  controllers: [ClustersController, BulkClustersController],
  providers: [
    ClustersRepository,
    ClustersService,
    ClusterConnectionService,
    ClusterJobsService,
    ClusterHealthService,
  ],
  exports: [
    ClustersService,
    ClusterConnectionService,
    ClusterJobsService,
    ClusterHealthService,
    ClustersRepository,
  ],
})
export class ClustersModule {}
