import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { ClustersModule } from '../clusters/clusters.module';
import { PveExplorerController } from './pve-explorer.controller';
import { PveExplorerService } from './pve-explorer.service';

/** The Proxmox API explorer (API only: no jobs). */
@Module({
  imports: [AccessModule, ClustersModule],
  controllers: [PveExplorerController],
  providers: [PveExplorerService],
})
export class PveExplorerModule {}
