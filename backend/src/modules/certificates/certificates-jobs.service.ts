import { Injectable } from '@nestjs/common';
import type { JobActor } from '@multpanel/contracts';
import { QueueService } from '../../common/queue/queue.service';

const SYSTEM: JobActor = { userId: null, type: 'system' };
const TWELVE_HOURS = 12 * 3600 * 1000;

/** Enqueues ACME orders and keeps the renewal check scheduled (one BullMQ job scheduler). */
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

  async ensureScheduler(everyMs = TWELVE_HOURS): Promise<void> {
    await this.queues.queue('system').upsertJobScheduler(
      'certificates-renewal',
      { every: everyMs },
      {
        name: 'certificates.renew-due',
        data: { companyId: null, actor: SYSTEM },
        opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } },
      },
    );
  }
}
