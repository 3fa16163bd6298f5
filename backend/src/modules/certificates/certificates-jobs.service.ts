import { Injectable } from '@nestjs/common';
import type { JobActor } from '@multpanel/contracts';
import { QueueService } from '../../common/queue/queue.service';

/** Enqueues ACME orders; the renewal check is a recurring job of the catalog. */
@Injectable()
export class CertificatesJobsService {
  constructor(private readonly queues: QueueService) {}

  issue(certificateId: string, actor: JobActor) {
    return this.queues.enqueue(
      'certificates.issue',
      { companyId: null, actor, certificateId },
      { jobId: `cert-issue-${certificateId}`, attempts: 1 },
    );
  }
}
