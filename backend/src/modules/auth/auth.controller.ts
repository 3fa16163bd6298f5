import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  LoginResponse,
  MeResponse,
  PasswordLoginResponse,
  TotpEnrollConfirmResponse,
  TotpEnrollResponse,
} from '@multpanel/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, CurrentPrincipal, Public } from '../../common/auth/auth.decorators';
import { bearerToken } from '../../common/auth/auth.guard';
import type { Principal } from '../../common/auth/scope';
import { requestMeta } from '../../common/http/request-meta';
import { LoginDto, TotpEnrollConfirmDto, TotpEnrollDto } from './auth.dto';
import { BrandingService } from '../branding/branding.service';
import { AuthService } from './auth.service';
import {
  assertSameOrigin,
  clearRefreshCookie,
  readRefreshCookie,
  setRefreshCookie,
} from './refresh-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly branding: BrandingService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Password (+ TOTP) login; sets the mp_refresh cookie' })
  async login(
    @Body() body: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<PasswordLoginResponse> {
    const portal = await this.branding.hostCompany(req.host);
    const result = await this.auth.login(body, requestMeta(req), portal);
    if ('refreshToken' in result) {
      setRefreshCookie(req, res, result.refreshToken);
      return result.body;
    }
    return result;
  }

  @Post('totp/enroll')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Required 2FA enrolment after login: a pending secret for the account' })
  enroll(@Body() body: TotpEnrollDto): Promise<TotpEnrollResponse> {
    return this.auth.enroll(body.enrollmentToken);
  }

  @Post('totp/enroll/confirm')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm required 2FA with a code: recovery codes and a session' })
  async confirmEnrollment(
    @Body() body: TotpEnrollConfirmDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<TotpEnrollConfirmResponse> {
    const result = await this.auth.confirmEnrollment(body, requestMeta(req));
    setRefreshCookie(req, res, result.refreshToken);
    return { ...result.body, recoveryCodes: result.recoveryCodes };
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the refresh cookie and get a new access token' })
  async refresh(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<LoginResponse> {
    assertSameOrigin(req);
    try {
      const result = await this.auth.refresh(readRefreshCookie(req), requestMeta(req));
      setRefreshCookie(req, res, result.refreshToken);
      return result.body;
    } catch (err) {
      clearRefreshCookie(req, res);
      throw err;
    }
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of the refresh cookie or of the bearer token' })
  async logout(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<void> {
    assertSameOrigin(req);
    const bearer = bearerToken(req.headers.authorization);
    await this.auth.logout(readRefreshCookie(req), bearer, requestMeta(req));
    clearRefreshCookie(req, res);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user and their permissions' })
  me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.auth.me(principal);
  }
}
