import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BrandingModule } from '../branding/branding.module';
import {
  CompanyIdentityProviderController,
  PlatformIdentityProviderController,
} from './identity-provider.controller';
import { DomainProofModule } from './domain-proof';
import { IdentityProviderRepository } from './identity-provider.repository';
import { IdentityProviderService } from './identity-provider.service';
import { OidcClient } from './oidc-client';
import { SsoDomainsService } from './sso-domains.service';
import { SsoStateStore } from './sso-state.store';
import { SsoController } from './sso.controller';
import { SsoService } from './sso.service';

@Module({
  imports: [AuthModule, BrandingModule, DomainProofModule],
  controllers: [
    SsoController,
    CompanyIdentityProviderController,
    PlatformIdentityProviderController,
  ],
  providers: [
    IdentityProviderService,
    IdentityProviderRepository,
    OidcClient,
    SsoStateStore,
    SsoService,
    SsoDomainsService,
  ],
})
export class SsoModule {}
