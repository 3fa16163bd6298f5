import { Injectable } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { OnJob } from '../jobs/job.decorators';
import { CertificatesService } from './certificates.service';

/** Worker only: ACME orders and the twice-daily renewal check (a catalog schedule). */
@Injectable()
export class CertificatesProcessor {
  constructor(private readonly certificates: CertificatesService) {}

  @OnJob('certificates.issue')
  issue(payload: JobPayloads['certificates.issue']) {
    return this.certificates.issue(payload.certificateId);
  }

  @OnJob('certificates.renew-due')
  renewDue() {
    return this.certificates.renewDue(new Date());
  }
}
