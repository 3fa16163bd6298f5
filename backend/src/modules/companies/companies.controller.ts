import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@multpanel/contracts';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated, CurrentScope } from '../../common/auth/auth.decorators';
import type { Scope } from '../../common/auth/scope';
import { CompaniesService } from './companies.service';
import {
  CompanyListQueryDto,
  CompanyTwoFactorDto,
  CreateCompanyDto,
  SalespeopleDto,
  UpdateCompanyDto,
} from './companies.dto';

@ApiTags('companies')
@Controller('companies')
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @Get()
  @Authenticated({ permission: Permission.CompanyRead })
  @ApiOperation({ summary: 'Companies in the caller’s scope (paged)' })
  list(@CurrentScope() scope: Scope, @Query() q: CompanyListQueryDto) {
    return this.companies.list(scope, q);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.CompanyRead })
  get(@CurrentScope() scope: Scope, @Param('id') id: string) {
    return this.companies.get(scope, id);
  }

  @Post()
  @Authenticated({ permission: Permission.CompanyCreate })
  create(@CurrentActor() actor: Actor, @Body() body: CreateCompanyDto) {
    return this.companies.create(actor, body);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.CompanyUpdate })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateCompanyDto) {
    return this.companies.update(actor, id, body);
  }

  @Put(':id/require-2fa')
  @Authenticated({ permission: Permission.CompanyRequire2fa })
  @ApiOperation({ summary: "Require two-factor sign-in for the company's password logins" })
  setRequire2fa(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: CompanyTwoFactorDto,
  ) {
    return this.companies.setRequire2fa(
      actor,
      id,
      body.require2fa,
      body.requirePhishingResistantMfa,
    );
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CompanySuspend })
  @ApiOperation({ summary: 'Suspend: its users cannot sign in and its API keys stop working' })
  suspend(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.companies.setStatus(actor, id, 'suspended');
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Authenticated({ permission: Permission.CompanySuspend })
  resume(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.companies.setStatus(actor, id, 'active');
  }

  @Put(':id/salespeople')
  @Authenticated({ permission: Permission.CompanyAssignSales })
  @ApiOperation({ summary: 'Replace the salespeople assigned to the company' })
  setSalespeople(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: SalespeopleDto,
  ) {
    return this.companies.setSalespeople(actor, id, body.userIds);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ permission: Permission.CompanyDelete })
  async remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    await this.companies.remove(actor, id);
  }
}
