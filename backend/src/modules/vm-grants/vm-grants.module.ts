import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { VmGrantsController } from './vm-grants.controller';
import { VmGrantsRepository } from './vm-grants.repository';
import { VmGrantsService } from './vm-grants.service';

/** Per-VM rights for role `user` (the access layer reads them for every guest check). */
@Module({
  imports: [AccessModule],
  controllers: [VmGrantsController],
  providers: [VmGrantsRepository, VmGrantsService],
  // The repository export serves the jobs module and the VM processor until they move to the service.
  exports: [VmGrantsService, VmGrantsRepository],
})
export class VmGrantsModule {}
