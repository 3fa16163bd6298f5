import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission, type IdentityProviderView } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { IdentityProviderService } from './identity-provider.service';
import { IdentityProviderDto } from './sso.dto';

@ApiTags('sso')
@Controller('companies/:id/identity-provider')
export class CompanyIdentityProviderController {
  constructor(private readonly providers: IdentityProviderService) {}

  @Get()
  @Authenticated({ permission: Permission.IdentityProviderManage })
  @ApiOperation({
    summary: 'The company’s Entra ID sign-in settings (never the client secret); null when none',
  })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<IdentityProviderView | null> {
    return this.providers.getForCompany(actor, id);
  }

  @Put()
  @Authenticated({ permission: Permission.IdentityProviderManage })
  @ApiOperation({ summary: 'Create or replace the company’s Entra ID sign-in settings' })
  put(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: IdentityProviderDto,
  ): Promise<IdentityProviderView> {
    return this.providers.putForCompany(actor, id, body);
  }

  @Delete()
  @HttpCode(204)
  @Authenticated({ permission: Permission.IdentityProviderManage })
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.providers.deleteForCompany(actor, id);
  }

  @Post('domains/:domain/verify')
  @HttpCode(200)
  @Authenticated({ permission: Permission.IdentityProviderManage })
  @ApiOperation({
    summary: 'Check the domain’s DNS TXT record now; verified domains route sign-ins',
  })
  verifyDomain(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('domain') domain: string,
  ): Promise<IdentityProviderView> {
    return this.providers.verifyDomain(actor, id, domain);
  }

  @Post('domains/:domain/approve')
  @HttpCode(200)
  @Authenticated({ permission: Permission.PlatformSettings })
  @ApiOperation({ summary: 'Approve a domain without DNS proof (platform administrators)' })
  approveDomain(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('domain') domain: string,
  ): Promise<IdentityProviderView> {
    return this.providers.approveDomain(actor, id, domain);
  }
}

@ApiTags('sso')
@Controller('platform/identity-provider')
export class PlatformIdentityProviderController {
  constructor(private readonly providers: IdentityProviderService) {}

  @Get()
  @Authenticated({ permission: Permission.PlatformSettings })
  @ApiOperation({ summary: 'The platform-wide Entra ID sign-in for MSP staff; null when none' })
  get(): Promise<IdentityProviderView | null> {
    return this.providers.getPlatform();
  }

  @Put()
  @Authenticated({ permission: Permission.PlatformSettings })
  put(
    @CurrentActor() actor: Actor,
    @Body() body: IdentityProviderDto,
  ): Promise<IdentityProviderView> {
    return this.providers.putPlatform(actor, body);
  }
}
