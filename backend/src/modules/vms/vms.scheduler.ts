import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import { AppConfig } from '../../config/app-config';
import { TemplatesService } from '../templates/templates.service';
import { DemoEstateService } from './vms-demo-seed';

const SCAN_EVERY_MS = 10 * 60_000;
const DEMO_EVERY_MS = 15_000;

/**
 * Worker only: scheduled template scans of every reachable cluster, and in DEMO_MODE the demo
 * estate (assigned as soon as the demo cluster's inventory has been synced).
 */
@Injectable()
export class VmsScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('VmsScheduler');
  private readonly timers: NodeJS.Timeout[] = [];
  private demoDone = false;

  constructor(
    private readonly config: AppConfig,
    private readonly templates: TemplatesService,
    private readonly prisma: PrismaService,
    private readonly demoEstate: DemoEstateService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.env.NODE_ENV === 'test') return; // tests drive scans and seeding themselves
    this.every(SCAN_EVERY_MS, 20_000, () => this.scanAll());
    if (this.config.env.DEMO_MODE) this.every(DEMO_EVERY_MS, 5_000, () => this.demo());
  }

  onModuleDestroy(): void {
    for (const t of this.timers) clearTimeout(t);
  }

  async scanAll(): Promise<void> {
    for (const id of await this.templates.clusterIds()) {
      await this.templates
        .scanCluster(id)
        .catch((err: Error) => this.logger.warn(`template scan ${id}: ${err.message}`));
    }
  }

  private async demo(): Promise<void> {
    if (this.demoDone) return;
    const r = await this.demoEstate.assign();
    if (r && Object.keys(r.assigned).length) {
      this.logger.log(`demo estate: ${JSON.stringify(r)}`);
    }
    // Done once both demo companies own guests.
    const owners = await this.prisma.guest.groupBy({
      by: ['companyId'],
      where: { goneAt: null, companyId: { not: null } },
    });
    this.demoDone = owners.length >= 2;
  }

  private every(ms: number, firstMs: number, fn: () => Promise<void>): void {
    const run = async () => {
      await fn().catch((err: Error) => this.logger.warn(err.message));
      const t = setTimeout(() => void run(), ms);
      t.unref();
      this.timers.push(t);
    };
    const t = setTimeout(() => void run(), firstMs);
    t.unref();
    this.timers.push(t);
  }
}
