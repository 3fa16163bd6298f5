import { Module } from '@nestjs/common';
import { GuestsRepository } from './guests.repository';
import { GuestsService } from './guests.service';

/** Core module: owns the Guest table (no routes; VMs and inventory serve guests over HTTP). */
@Module({
  providers: [GuestsRepository, GuestsService],
  exports: [GuestsService],
})
export class GuestsModule {}
