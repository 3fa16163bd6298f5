import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { ClustersModule } from '../clusters/clusters.module';
import { GuestsModule } from '../guests/guests.module';
import { IpamModule } from '../ipam/ipam.module';
import { JobsModule } from '../jobs/jobs.module';
import { QuotasModule } from '../quotas/quotas.module';
import { EsxiController } from './esxi.controller';
import { EsxiImportService } from './esxi-import.service';
import { EsxiProjectsController } from './esxi-projects.controller';
import { EsxiProjectsRepository } from './esxi-projects.repository';
import { EsxiProjectsService } from './esxi-projects.service';
import { EsxiProcessor } from './esxi.processor';
import { EsxiRepository } from './esxi.repository';
import { EsxiService } from './esxi.service';

/**
 * ESXi / vCenter sources, discovery, import through Proxmox's esxi storage and migration projects
 * (issue 22);
 * `forWorker()` adds the discovery and import handlers.
 */
@Module({
  imports: [AccessModule, ClustersModule, GuestsModule, IpamModule, JobsModule, QuotasModule],
  controllers: [EsxiController, EsxiProjectsController],
  providers: [
    EsxiRepository,
    EsxiService,
    EsxiImportService,
    EsxiProjectsRepository,
    EsxiProjectsService,
  ],
  exports: [EsxiService, EsxiImportService],
})
export class EsxiModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return { module: EsxiWorkerModule, imports: [EsxiModule], providers: [EsxiProcessor] };
  }
}

@Module({})
class EsxiWorkerModule {}
