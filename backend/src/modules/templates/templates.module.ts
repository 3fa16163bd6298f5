import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { ClustersModule } from '../clusters/clusters.module';
import { JobsModule } from '../jobs/jobs.module';
import { TemplatesScanService } from './templates-scan.service';
import { TemplatesController } from './templates.controller';
import { TemplatesProcessor } from './templates.processor';
import { TemplatesRepository } from './templates.repository';
import { TemplatesService } from './templates.service';

/** Templates and media over HTTP; `forWorker()` adds the scan handlers. */
@Module({
  imports: [AccessModule, ClustersModule, JobsModule],
  controllers: [TemplatesController],
  providers: [TemplatesRepository, TemplatesService],
  exports: [TemplatesService],
})
export class TemplatesModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return {
      module: TemplatesWorkerModule,
      imports: [TemplatesModule],
      providers: [TemplatesScanService, TemplatesProcessor],
    };
  }
}

@Module({})
class TemplatesWorkerModule {}
