import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { ClustersModule } from '../clusters/clusters.module';
import { GuestsModule } from '../guests/guests.module';
import { GuestImportController } from './guest-import.controller';
import { GuestImportService } from './guest-import.service';
import { InventorySyncService } from './inventory-sync.service';
import { InventoryRepository } from './inventory.repository';

/** API side; the worker adds InventoryProcessor (see worker.module PROCESSORS). */
@Module({
  imports: [AccessModule, ClustersModule, GuestsModule],
  controllers: [GuestImportController],
  providers: [InventoryRepository, InventorySyncService, GuestImportService],
  exports: [InventorySyncService, GuestImportService],
})
export class InventoryModule {}
