import { Module } from '@nestjs/common';
import { VmAccessService } from './vm-access.service';
import { VmGrantsController } from './vm-grants.controller';
import { VmGrantsRepository } from './vm-grants.repository';
import { VmGrantsService } from './vm-grants.service';

/** Per-VM rights for role `user` and the shared VmAccessService (console module uses it too). */
@Module({
  controllers: [VmGrantsController],
  providers: [VmGrantsRepository, VmAccessService, VmGrantsService],
  exports: [VmAccessService, VmGrantsRepository],
})
export class VmGrantsModule {}
