import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Logger,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated, CurrentScope } from '../../common/auth/auth.decorators';
import type { Scope } from '../../common/auth/scope';
import { CreateUserDto, InviteUserDto, UpdateUserDto, UserListQueryDto } from './users.dto';
import { UserMailer } from './user-mailer';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly users: UsersService,
    private readonly mailer: UserMailer,
  ) {}

  @Get()
  @Authenticated({ permission: Permission.UserRead })
  @ApiOperation({ summary: 'Users in the caller’s scope (paged)' })
  list(@CurrentScope() scope: Scope, @Query() q: UserListQueryDto) {
    return this.users.list(scope, q);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.UserRead })
  get(@CurrentScope() scope: Scope, @Param('id') id: string) {
    return this.users.get(scope, id);
  }

  @Post()
  @Authenticated({ permission: Permission.UserCreate })
  @ApiOperation({ summary: 'Create a user (without password: invited state)' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto) {
    return this.users.create(actor, body);
  }

  @Post('invite')
  @Authenticated({ permission: Permission.UserCreate })
  @ApiOperation({ summary: 'Create a user and email a set-password link' })
  async invite(@CurrentActor() actor: Actor, @Body() body: InviteUserDto) {
    const { user, token, notifyHolder } = await this.users.invite(actor, body);
    const mail = token
      ? this.mailer.sendInvite(user, token)
      : notifyHolder
        ? this.mailer.sendAddressInUse(notifyHolder, user.companyName)
        : Promise.resolve();
    await mail.catch((err: Error) => {
      this.logger.warn(`invite mail for user ${user.id} failed: ${err.message}`);
    });
    return user;
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.UserUpdate })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateUserDto) {
    return this.users.update(actor, id, body);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Authenticated({ permission: Permission.UserUpdate })
  @ApiOperation({ summary: 'Block sign-in and end the user’s sessions' })
  disable(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.users.setEnabled(actor, id, false);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Authenticated({ permission: Permission.UserUpdate })
  enable(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.users.setEnabled(actor, id, true);
  }

  @Get(':id/sessions')
  @Authenticated({ permission: Permission.UserSessionsManage })
  @ApiOperation({ summary: 'Signed-in sessions of a user in scope' })
  sessions(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.users.sessions(actor, id);
  }

  @Delete(':id/sessions')
  @HttpCode(204)
  @Authenticated({ permission: Permission.UserSessionsManage })
  @ApiOperation({ summary: 'Sign a user in scope out of every session' })
  async revokeSessions(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.users.revokeSessions(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.UserDelete })
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.users.remove(actor, id);
  }
}
