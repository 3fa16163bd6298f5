import { Injectable } from '@nestjs/common';
import type { JobRunContext } from '../jobs/job-context';
import { OnJob } from '../jobs/job.decorators';
import { EsxiService } from './esxi.service';

/** Worker only: the discovery job. */
@Injectable()
export class EsxiProcessor {
  constructor(private readonly esxi: EsxiService) {}

  @OnJob('esxi.discover')
  discover(ctx: JobRunContext<'esxi.discover'>) {
    return this.esxi.runDiscovery(ctx);
  }
}
