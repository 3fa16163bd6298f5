import { DynamicModule, Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { GuestsController } from './guests.controller';
import { GuestsService } from './guests.service';
import { InventorySyncService } from './inventory-sync.service';
import { InventoryProcessor } from './inventory.processor';
import { InventoryRepository } from './inventory.repository';

/** Guests over HTTP and the inventory sync; `forWorker()` adds the sync job's handler. */
@Module({
  imports: [ClustersModule],
  controllers: [GuestsController],
  providers: [InventoryRepository, InventorySyncService, GuestsService],
  exports: [InventorySyncService, GuestsService],
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
