import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { RolesController, UserCustomRoleController } from './roles.controller';
import { RolesRepository } from './roles.repository';
import { RolesService } from './roles.service';

/** Custom roles (permission sets) and their assignment to users. */
@Module({
  imports: [AccessModule],
  controllers: [RolesController, UserCustomRoleController],
  providers: [RolesRepository, RolesService],
})
export class RolesModule {}
