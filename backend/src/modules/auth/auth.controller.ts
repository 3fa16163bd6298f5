import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LoginResponse, MeResponse } from '@multpanel/contracts';
import type { Request, Response } from 'express';
import { Authenticated, CurrentPrincipal, Public } from '../../common/auth/auth.decorators';
import type { Principal } from '../../common/auth/scope';
import { requestMeta } from '../../common/http/request-meta';
import { LoginDto } from './auth.dto';
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
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Password (+ TOTP) login; sets the mp_refresh cookie' })
  async login(
    @Body() body: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse> {
    const result = await this.auth.login(body, requestMeta(req));
    if ('refreshToken' in result) {
      setRefreshCookie(req, res, result.refreshToken);
      return result.body;
    }
    return result;
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the refresh cookie and get a new access token' })
  async refresh(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
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
  @ApiOperation({ summary: 'End the session family of the refresh cookie' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    assertSameOrigin(req);
    await this.auth.logout(readRefreshCookie(req), requestMeta(req));
    clearRefreshCookie(req, res);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user and their permissions' })
  me(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.auth.me(principal);
  }
}
