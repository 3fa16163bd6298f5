import { Injectable } from '@nestjs/common';
import type { JobFailure, JobRunContext } from '../jobs/job-context';
import { OnJob, OnJobFailed } from '../jobs/job.decorators';
import { EsxiImportService } from './esxi-import.service';
import { EsxiService } from './esxi.service';

/** Worker only: discovery and import jobs. */
@Injectable()
export class EsxiProcessor {
  constructor(
    private readonly esxi: EsxiService,
    private readonly imports: EsxiImportService,
  ) {}

  @OnJob('esxi.discover')
  discover(ctx: JobRunContext<'esxi.discover'>) {
    return this.esxi.runDiscovery(ctx);
  }

  @OnJob('esxi.import')
  import(ctx: JobRunContext<'esxi.import'>) {
    return this.imports.run(ctx);
  }

  @OnJobFailed('esxi.import')
  importFailed(f: JobFailure<'esxi.import'>) {
    return this.imports.failed(f);
  }
}
