import { Module } from '@nestjs/common';
import { AccessRepository } from './access.repository';
import { AccessService } from './access.service';

/** Import in every feature module that acts on guests, clusters, companies or templates. */
@Module({
  providers: [AccessRepository, AccessService],
  exports: [AccessService],
})
export class AccessModule {}
