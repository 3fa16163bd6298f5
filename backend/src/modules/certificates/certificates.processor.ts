import { Injectable } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import type { JobRunContext } from '../jobs/job-context';
import { OnJob } from '../jobs/job.decorators';
import { CertificatesService } from './certificates.service';
import { HostCertificatesService } from './host-certificates.service';

/** Worker only: ACME orders and the twice-daily renewal check (a catalog schedule). */
@Injectable()
export class CertificatesProcessor {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly hosts: HostCertificatesService,
  ) {}

  @OnJob('certificates.issue')
  issue(payload: JobPayloads['certificates.issue']) {
    return this.certificates.issue(payload.certificateId);
  }

  @OnJob('certificates.host')
  host(ctx: JobRunContext<'certificates.host'>) {
    return this.hosts.run(ctx);
  }

  /** The platform certificate, then each mapped host's. */
  @OnJob('certificates.renew-due')
  async renewDue() {
    const now = new Date();
    const platform = await this.certificates.renewDue(now);
    return { platform, hosts: await this.hosts.renewDue(now) };
  }
}
