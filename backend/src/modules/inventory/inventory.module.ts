import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module';
import { GuestsController } from './guests.controller';
import { GuestsService } from './guests.service';
import { InventorySyncService } from './inventory-sync.service';
import { InventoryRepository } from './inventory.repository';

/** API side; the worker adds InventoryProcessor (see worker.module PROCESSORS). */
@Module({
  imports: [ClustersModule],
  controllers: [GuestsController],
  providers: [InventoryRepository, InventorySyncService, GuestsService],
  exports: [InventorySyncService, GuestsService],
})
export class InventoryModule {}
