import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SsoError } from '@multpanel/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/auth.decorators';
import { requestMeta } from '../../common/http/request-meta';
import { setRefreshCookie } from '../auth/refresh-cookie';
import { BrandingService } from '../branding/branding.service';
import { SsoService } from './sso.service';

// Browser navigations, not XHR: every outcome is a redirect (to the provider, to the SPA, or to the
// sign-in page with ?error=<reason>).
const toLogin = (reason: SsoError) => `/login?error=${encodeURIComponent(reason)}`;

@ApiTags('auth')
@Controller('auth/sso')
export class SsoController {
  constructor(
    private readonly sso: SsoService,
    private readonly branding: BrandingService,
  ) {}

  @Get('login')
  @Public()
  @ApiOperation({
    summary:
      'Start Entra ID sign-in for the email’s domain, or on a company’s mapped host for its provider (302)',
  })
  async login(
    @Query('email') email: unknown,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const out = await this.sso.start(
      typeof email === 'string' ? email : undefined,
      requestMeta(req),
      await this.branding.hostCompany(req.host),
    );
    res.header('Cache-Control', 'no-store');
    void res.redirect('url' in out ? out.url : toLogin(out.reason), 302);
  }

  @Get('callback')
  @Public()
  @ApiExcludeEndpoint()
  async callback(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const q = req.url.indexOf('?');
    const query = new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1));
    const out = await this.sso.callback(
      query,
      requestMeta(req),
      await this.branding.hostCompany(req.host),
    );
    res.header('Cache-Control', 'no-store');
    if (!out.ok) {
      void res.redirect(toLogin(out.reason), 302);
      return;
    }
    setRefreshCookie(req, res, out.tokens.refreshToken);
    void res.redirect('/', 302);
  }
}
