import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { IpamAllocationsRepository } from './ipam-allocations.repository';
import { IpamRangesService } from './ipam-ranges.service';
import { IpamController } from './ipam.controller';
import { IpamProcessor } from './ipam.processor';
import { IpamRepository } from './ipam.repository';
import { IpamService } from './ipam.service';
import { IpamVlansRepository } from './ipam-vlans.repository';
import { IpamVlansService } from './ipam-vlans.service';

/**
 * IP address management over HTTP. Other modules import it for `IpamService` (allocate, reserve,
 * release; see backend/README.md "IPAM"); `forWorker()` adds the hold-reclaim job.
 */
@Module({
  imports: [AccessModule],
  controllers: [IpamController],
  providers: [
    IpamRepository,
    IpamAllocationsRepository,
    IpamService,
    IpamRangesService,
    IpamVlansRepository,
    IpamVlansService,
  ],
  exports: [IpamService, IpamVlansService],
})
export class IpamModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return { module: IpamWorkerModule, imports: [IpamModule], providers: [IpamProcessor] };
  }
}

@Module({})
class IpamWorkerModule {}
