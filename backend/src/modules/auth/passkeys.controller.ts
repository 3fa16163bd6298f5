import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  passkeyLoginSchema,
  passkeyRegistrationSchema,
  passkeyRenameSchema,
  Permission,
  type LoginResponse,
  type PasskeyOptionsResponse,
  type PasskeyView,
} from '@multpanel/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated, Public } from '../../common/auth/auth.decorators';
import { requestMeta } from '../../common/http/request-meta';
import { PasskeyService } from './passkey.service';
import { setRefreshCookie } from './refresh-cookie';

class PasskeyRegistrationDto extends createZodDto(passkeyRegistrationSchema) {}
class PasskeyRenameDto extends createZodDto(passkeyRenameSchema) {}
class PasskeyLoginDto extends createZodDto(passkeyLoginSchema) {}

@ApiTags('auth')
@Controller('auth')
export class PasskeysController {
  constructor(private readonly passkeys: PasskeyService) {}

  @Get('passkeys')
  @Authenticated({ permission: Permission.ProfileManage })
  @ApiOperation({ summary: 'The caller’s passkeys' })
  list(@CurrentActor() actor: Actor): Promise<PasskeyView[]> {
    return this.passkeys.list(actor);
  }

  @Post('passkeys/registration-options')
  @HttpCode(200)
  @Authenticated({ permission: Permission.ProfileManage })
  @ApiOperation({
    summary: 'Start registering a passkey: options for navigator.credentials.create',
  })
  registrationOptions(@CurrentActor() actor: Actor): Promise<PasskeyOptionsResponse> {
    return this.passkeys.registrationOptions(actor);
  }

  @Post('passkeys')
  @Authenticated({ permission: Permission.ProfileManage })
  @ApiOperation({ summary: 'Finish registering a passkey with the authenticator’s answer' })
  register(
    @CurrentActor() actor: Actor,
    @Body() body: PasskeyRegistrationDto,
  ): Promise<PasskeyView> {
    return this.passkeys.register(actor, body);
  }

  @Patch('passkeys/:id')
  @Authenticated({ permission: Permission.ProfileManage })
  rename(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: PasskeyRenameDto,
  ): Promise<PasskeyView> {
    return this.passkeys.rename(actor, id, body.name);
  }

  @Delete('passkeys/:id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.ProfileManage })
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.passkeys.remove(actor, id);
  }

  @Post('passkey-login/options')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Start a passwordless sign-in: options for navigator.credentials.get' })
  loginOptions(@Req() req: FastifyRequest): Promise<PasskeyOptionsResponse> {
    return this.passkeys.loginOptions(requestMeta(req));
  }

  @Post('passkey-login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with a passkey; sets the mp_refresh cookie' })
  async login(
    @Body() body: PasskeyLoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<LoginResponse> {
    const result = await this.passkeys.login(body, requestMeta(req));
    setRefreshCookie(req, res, result.refreshToken);
    return result.body;
  }
}
