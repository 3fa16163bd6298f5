import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission, type CustomRoleView } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { AssignCustomRoleDto, CreateCustomRoleDto, UpdateCustomRoleDto } from './roles.dto';
import { RolesService } from './roles.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('roles')
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @Authenticated({ permission: Permission.RoleManage })
  @ApiOperation({ summary: "Custom roles: the platform's and those of your companies" })
  list(@CurrentActor() actor: Actor): Promise<CustomRoleView[]> {
    return this.roles.list(actor);
  }

  @Post()
  @Authenticated({ permission: Permission.RoleManage })
  @ApiOperation({
    summary: 'Define a custom role (companyId null: platform-wide, super_admin only)',
  })
  create(@Body() body: CreateCustomRoleDto, @CurrentActor() actor: Actor): Promise<CustomRoleView> {
    return this.roles.create(actor, body);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.RoleManage })
  get(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<CustomRoleView> {
    return this.roles.get(actor, id);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.RoleManage })
  update(
    @Param('id', uuid) id: string,
    @Body() body: UpdateCustomRoleDto,
    @CurrentActor() actor: Actor,
  ): Promise<CustomRoleView> {
    return this.roles.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.RoleManage })
  @ApiOperation({ summary: 'Delete a custom role nobody holds (409 while it is assigned)' })
  async remove(@Param('id', uuid) id: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.roles.remove(actor, id);
  }
}

@ApiTags('roles')
@Controller('users')
export class UserCustomRoleController {
  constructor(private readonly roles: RolesService) {}

  @Put(':id/custom-role')
  @Authenticated({ permission: Permission.UserUpdate })
  @ApiOperation({ summary: "Give a user a custom role (null: the built-in role's permissions)" })
  assign(
    @Param('id', uuid) id: string,
    @Body() body: AssignCustomRoleDto,
    @CurrentActor() actor: Actor,
  ): Promise<{ userId: string; customRoleId: string | null }> {
    return this.roles.assign(actor, id, body.customRoleId);
  }
}
