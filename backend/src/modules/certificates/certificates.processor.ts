import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { HandlesJob } from '../../common/queue/job-handler.decorator';
import { CertificatesJobsService } from './certificates-jobs.service';
import { CertificatesService } from './certificates.service';

/** Worker only: ACME orders and the twice-daily renewal check. */
@Injectable()
export class CertificatesProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('CertificateJobs');

  constructor(
    private readonly certificates: CertificatesService,
    private readonly jobs: CertificatesJobsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs
      .ensureScheduler()
      .catch((err: Error) => this.logger.warn(`renewal scheduler not registered: ${err.message}`));
  }

  @HandlesJob('certificates.issue')
  issue(payload: JobPayloads['certificates.issue']) {
    return this.certificates.issue(payload.certificateId);
  }

  @HandlesJob('certificates.renew-due')
  renewDue() {
    return this.certificates.renewDue(new Date());
  }
}
