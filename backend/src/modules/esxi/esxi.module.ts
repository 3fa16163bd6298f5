import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { JobsModule } from '../jobs/jobs.module';
import { EsxiController } from './esxi.controller';
import { EsxiProcessor } from './esxi.processor';
import { EsxiRepository } from './esxi.repository';
import { EsxiService } from './esxi.service';

/** ESXi / vCenter sources and discovery (issue 22); `forWorker()` adds the discovery handler. */
@Module({
  imports: [AccessModule, JobsModule],
  controllers: [EsxiController],
  providers: [EsxiRepository, EsxiService],
  exports: [EsxiService],
})
export class EsxiModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return { module: EsxiWorkerModule, imports: [EsxiModule], providers: [EsxiProcessor] };
  }
}

@Module({})
class EsxiWorkerModule {}
