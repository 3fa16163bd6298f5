import { Injectable } from '@nestjs/common';
import type { JobRunContext } from '../jobs/job-context';
import { OnJob } from '../jobs/job.decorators';
import { TemplatesScanService } from './templates-scan.service';

/** Worker only: template scans. */
@Injectable()
export class TemplatesProcessor {
  constructor(private readonly scans: TemplatesScanService) {}

  @OnJob('templates.scan')
  scan(ctx: JobRunContext<'templates.scan'>) {
    return this.scans.runScan(ctx);
  }

  @OnJob('templates.scan-all')
  scanAll() {
    return this.scans.scanAll();
  }
}
