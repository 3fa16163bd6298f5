import { Injectable, Logger } from '@nestjs/common';
import type { JobRunContext } from '../jobs/job-context';
import { TemplatesService } from './templates.service';

/** Worker: template scans, on demand (tracked `templates.scan`) and recurring (`templates.scan-all`). */
@Injectable()
export class TemplatesScanService {
  private readonly logger = new Logger('TemplateScan');

  constructor(private readonly templates: TemplatesService) {}

  async runScan(ctx: JobRunContext<'templates.scan'>) {
    const { clusterId } = ctx.params;
    const ids = clusterId ? [clusterId] : await this.templates.clusterIds();
    const out: Record<string, unknown> = {};
    for (const [i, id] of ids.entries()) {
      out[id] = await this.templates.scanCluster(id).catch((e: Error) => ({ error: e.message }));
      await ctx.progress(((i + 1) / ids.length) * 95, `scanned ${i + 1}/${ids.length}`, [
        `cluster ${id}: ${JSON.stringify(out[id])}`,
      ]);
    }
    return { clusters: out };
  }

  /** Every reachable cluster; one cluster's failure does not stop the others. */
  async scanAll(): Promise<{ clusters: number; failed: number }> {
    const ids = await this.templates.clusterIds();
    let failed = 0;
    for (const id of ids) {
      await this.templates.scanCluster(id).catch((err: Error) => {
        failed++;
        this.logger.warn(`template scan ${id}: ${err.message}`);
      });
    }
    return { clusters: ids.length, failed };
  }
}
