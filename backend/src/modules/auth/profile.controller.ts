import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  changePasswordSchema,
  forgotPasswordSchema,
  Permission,
  resetPasswordSchema,
  totpCodeSchema,
} from '@multpanel/contracts';
import type { FastifyRequest } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated, Public } from '../../common/auth/auth.decorators';
import { requestMeta } from '../../common/http/request-meta';
import { LoginThrottle } from './login-throttle';
import { ProfileService } from './profile.service';

class ChangePasswordDto extends createZodDto(changePasswordSchema) {}
class TotpCodeDto extends createZodDto(totpCodeSchema) {}
class ForgotPasswordDto extends createZodDto(forgotPasswordSchema) {}
class ResetPasswordDto extends createZodDto(resetPasswordSchema) {}

@ApiTags('auth')
@Controller('auth')
export class ProfileController {
  constructor(
    private readonly profile: ProfileService,
    private readonly throttle: LoginThrottle,
  ) {}

  @Get('sessions')
  @Authenticated({ permission: Permission.ProfileManage })
  @ApiOperation({ summary: 'The caller’s signed-in sessions' })
  sessions(@CurrentActor() actor: Actor) {
    return this.profile.sessions(actor);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ProfileManage })
  async revokeSession(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.profile.revokeSession(actor, id);
  }

  @Post('password/change')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ProfileManage })
  async changePassword(
    @CurrentActor() actor: Actor,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    await this.profile.changePassword(actor, body);
  }

  @Post('totp/setup')
  @Authenticated({ permission: Permission.ProfileManage })
  @ApiOperation({ summary: 'Start 2FA enrolment: a pending secret, active after /totp/enable' })
  totpSetup(@CurrentActor() actor: Actor) {
    return this.profile.totpSetup(actor);
  }

  @Post('totp/enable')
  @HttpCode(200)
  @Authenticated({ permission: Permission.ProfileManage })
  @ApiOperation({ summary: 'Confirm enrolment with a code; returns one-time recovery codes' })
  totpEnable(@CurrentActor() actor: Actor, @Body() body: TotpCodeDto) {
    return this.profile.totpEnable(actor, body.code);
  }

  @Post('totp/disable')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ProfileManage })
  async totpDisable(@CurrentActor() actor: Actor, @Body() body: TotpCodeDto): Promise<void> {
    await this.profile.totpDisable(actor, body.code);
  }

  @Post('password/forgot')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'Email a reset link (always 204)' })
  async forgot(@Body() body: ForgotPasswordDto, @Req() req: FastifyRequest): Promise<void> {
    const meta = requestMeta(req);
    await this.throttle.checkReset(meta.ip, body.email);
    await this.profile.forgotPassword(body.email, meta);
  }

  @Post('password/reset')
  @HttpCode(204)
  @Public()
  @ApiOperation({ summary: 'Set a new password with an emailed reset or invite token' })
  async reset(@Body() body: ResetPasswordDto, @Req() req: FastifyRequest): Promise<void> {
    const meta = requestMeta(req);
    await this.throttle.checkReset(meta.ip, null);
    await this.profile.resetPassword(body, meta);
  }
}
