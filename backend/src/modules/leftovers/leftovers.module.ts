import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { ClustersModule } from '../clusters/clusters.module';
import { GuestsModule } from '../guests/guests.module';
import { LeftoversController } from './leftovers.controller';
import { LeftoversService } from './leftovers.service';

/** Stale guest locks and failed creates' leftovers, shown to the MSP staff with clean-up actions. */
@Module({
  imports: [AccessModule, ClustersModule, GuestsModule],
  controllers: [LeftoversController],
  providers: [LeftoversService],
})
export class LeftoversModule {}
