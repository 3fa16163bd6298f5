import { Injectable, Logger } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import { QueueService } from '../../common/queue/queue.service';
import { assignDemoGuests, type DemoEstateResult } from './vms-demo-seed';

/**
 * Worker, `demo.assign-estate` (recurring while DEMO_MODE is on): assigns the demo estate as soon
 * as the demo cluster's inventory is synced, then removes its own scheduler.
 */
@Injectable()
export class VmsDemoService {
  private readonly logger = new Logger('DemoEstate');

  constructor(
    private readonly prisma: PrismaService,
    private readonly queues: QueueService,
  ) {}

  async assign(): Promise<{ result: DemoEstateResult | null; done: boolean }> {
    const result = await assignDemoGuests(this.prisma);
    if (result && Object.keys(result.assigned).length) {
      this.logger.log(`demo estate: ${JSON.stringify(result)}`);
    }
    // Done once both demo companies own guests.
    const owners = await this.prisma.guest.groupBy({
      by: ['companyId'],
      where: { goneAt: null, companyId: { not: null } },
    });
    const done = owners.length >= 2;
    if (done) await this.queues.removeScheduler('demo.assign-estate');
    return { result, done };
  }
}
