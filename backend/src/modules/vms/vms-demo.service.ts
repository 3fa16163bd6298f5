import { Injectable, Logger } from '@nestjs/common';
import { QueueService } from '../../common/queue/queue.service';
import { DemoEstateService, type DemoEstateResult } from './vms-demo-seed';

/**
 * Worker, `demo.assign-estate` (recurring while DEMO_MODE is on): assigns the demo estate as soon
 * as the demo cluster's inventory is synced, then removes its own scheduler.
 */
@Injectable()
export class VmsDemoService {
  private readonly logger = new Logger('DemoEstate');

  constructor(
    private readonly estate: DemoEstateService,
    private readonly queues: QueueService,
  ) {}

  async assign(): Promise<{ result: DemoEstateResult | null; done: boolean }> {
    const result = await this.estate.assign();
    if (result && Object.keys(result.assigned).length) {
      this.logger.log(`demo estate: ${JSON.stringify(result)}`);
    }
    const done = await this.estate.complete();
    if (done) await this.queues.removeScheduler('demo.assign-estate');
    return { result, done };
  }
}
