import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { ClustersModule } from '../clusters/clusters.module';
import { GuestsModule } from '../guests/guests.module';
import { IpamModule } from '../ipam/ipam.module';
import { GuestImportController } from './guest-import.controller';
import { GuestImportService } from './guest-import.service';
import { InventorySyncService } from './inventory-sync.service';
import { InventoryProcessor } from './inventory.processor';
import { InventoryRepository } from './inventory.repository';

/** Guests over HTTP and the inventory sync; `forWorker()` adds the sync job's handler. */
@Module({
  imports: [AccessModule, ClustersModule, GuestsModule, IpamModule],
  controllers: [GuestImportController],
  providers: [InventoryRepository, InventorySyncService, GuestImportService],
  exports: [InventorySyncService, GuestImportService],
})
export class InventoryModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return {
      module: InventoryWorkerModule,
      imports: [InventoryModule],
      providers: [InventoryProcessor],
    };
  }
}

@Module({})
class InventoryWorkerModule {}
