import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  type LdapDirectoryView,
  type LdapTestResult,
  type SsoDomainView,
} from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import { LiveProxmox } from '../../common/http/rate-limit';
import { LdapDirectoryService } from './ldap-directory.service';
import { LdapDirectoryDto, LdapTestDto } from './ldap.dto';

@ApiTags('ldap')
@Controller('companies/:id/ldap-directory')
export class CompanyLdapDirectoryController {
  constructor(private readonly directories: LdapDirectoryService) {}

  @Get()
  @Authenticated({ permission: Permission.IdentityProviderManage })
  @ApiOperation({
    summary: 'The company’s LDAP / AD sign-in settings (never the bind password); null when none',
  })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<LdapDirectoryView | null> {
    return this.directories.getForCompany(actor, id);
  }

  @Put()
  @Authenticated({ permission: Permission.IdentityProviderManage })
  @ApiOperation({ summary: 'Create or replace the company’s LDAP / AD sign-in settings' })
  put(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: LdapDirectoryDto,
  ): Promise<LdapDirectoryView> {
    return this.directories.putForCompany(actor, id, body);
  }

  @Delete()
  @HttpCode(204)
  @Authenticated({ permission: Permission.IdentityProviderManage })
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.directories.deleteForCompany(actor, id);
  }

  @Get('domains')
  @Authenticated({ permission: Permission.IdentityProviderManage })
  @ApiOperation({
    summary:
      'The directory’s email domains: verified or pending, with the TXT record that proves each',
  })
  domains(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<SsoDomainView[]> {
    return this.directories.domainsForCompany(actor, id);
  }

  @Post('domains/:domain/verify')
  @HttpCode(200)
  @Authenticated({ permission: Permission.IdentityProviderManage })
  @ApiOperation({
    summary: 'Check the domain’s DNS TXT record now; once verified, its sign-ins use the directory',
  })
  verifyDomain(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('domain') domain: string,
  ): Promise<SsoDomainView[]> {
    return this.directories.verifyDomain(actor, id, domain);
  }

  @Post('domains/:domain/approve')
  @HttpCode(200)
  @Authenticated({ permission: Permission.PlatformSettings })
  @ApiOperation({ summary: 'A platform administrator vouches for the domain instead of DNS' })
  approveDomain(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('domain') domain: string,
  ): Promise<SsoDomainView[]> {
    return this.directories.approveDomain(actor, id, domain);
  }

  @Post('test')
  @HttpCode(200)
  @LiveProxmox()
  @Authenticated({ permission: Permission.IdentityProviderManage })
  @ApiOperation({
    summary: 'Look a sample address up in the saved directory: its groups and what it would get',
  })
  test(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: LdapTestDto,
  ): Promise<LdapTestResult> {
    return this.directories.testForCompany(actor, id, body.email);
  }
}

@ApiTags('ldap')
@Controller('platform/ldap-directory')
export class PlatformLdapDirectoryController {
  constructor(private readonly directories: LdapDirectoryService) {}

  @Get()
  @Authenticated({ permission: Permission.PlatformSettings })
  @ApiOperation({ summary: 'The platform’s LDAP / AD sign-in for MSP staff; null when none' })
  get(): Promise<LdapDirectoryView | null> {
    return this.directories.getPlatform();
  }

  @Put()
  @Authenticated({ permission: Permission.PlatformSettings })
  put(@CurrentActor() actor: Actor, @Body() body: LdapDirectoryDto): Promise<LdapDirectoryView> {
    return this.directories.putPlatform(actor, body);
  }

  @Delete()
  @HttpCode(204)
  @Authenticated({ permission: Permission.PlatformSettings })
  async remove(@CurrentActor() actor: Actor): Promise<void> {
    await this.directories.deletePlatform(actor);
  }

  @Post('test')
  @HttpCode(200)
  @LiveProxmox()
  @Authenticated({ permission: Permission.PlatformSettings })
  test(@CurrentActor() actor: Actor, @Body() body: LdapTestDto): Promise<LdapTestResult> {
    return this.directories.testPlatform(actor, body.email);
  }
}
