import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { ClustersModule } from '../clusters/clusters.module';
import { GuestsModule } from '../guests/guests.module';
import { JobsModule } from '../jobs/jobs.module';
import { IpamAddressesService } from './ipam-addresses.service';
import { IpamAllocationsRepository } from './ipam-allocations.repository';
import { IpamAllocator } from './ipam-allocator';
import { IpamGuestImportService } from './ipam-guest-import.service';
import { IpamGuestNicsService } from './ipam-guest-nics.service';
import { IpamRangesService } from './ipam-ranges.service';
import { IpamController } from './ipam.controller';
import { IpamProcessor } from './ipam.processor';
import { IpamRepository } from './ipam.repository';
import { IpamService } from './ipam.service';
import { IpamVlansRepository } from './ipam-vlans.repository';
import { IpamVlansService } from './ipam-vlans.service';
import { IpamVlanAdminService } from './ipam-vlan-admin.service';
import { IpamSdnService } from './ipam-sdn.service';
import { IpamSweepService } from './ipam-sweep.service';
import { IpamSweepsRepository } from './ipam-sweeps.repository';

/**
 * IP address management over HTTP. Other modules import it for `IpamService` (trusted allocations,
 * guest NICs' addresses, VLAN tags; see backend/README.md "IPAM"); `forWorker()` adds the
 * hold-reclaim job.
 */
@Module({
  imports: [AccessModule, ClustersModule, GuestsModule, JobsModule],
  controllers: [IpamController],
  providers: [
    IpamRepository,
    IpamAllocationsRepository,
    IpamAllocator,
    IpamAddressesService,
    IpamGuestNicsService,
    IpamService,
    IpamRangesService,
    IpamVlansRepository,
    IpamVlansService,
    IpamVlanAdminService,
    IpamSweepsRepository,
    IpamSweepService,
    IpamGuestImportService,
    IpamSdnService,
  ],
  exports: [
    IpamService,
    IpamVlansService,
    IpamSweepService,
    IpamRangesService,
    IpamGuestImportService,
    IpamSdnService,
  ],
})
export class IpamModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return { module: IpamWorkerModule, imports: [IpamModule], providers: [IpamProcessor] };
  }
}

@Module({})
class IpamWorkerModule {}
