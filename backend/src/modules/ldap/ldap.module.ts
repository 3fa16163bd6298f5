import { Module } from '@nestjs/common';
import {
  CompanyLdapDirectoryController,
  PlatformLdapDirectoryController,
} from './ldap-directory.controller';
import { LdapDirectoryRepository } from './ldap-directory.repository';
import { LdapDirectoryService } from './ldap-directory.service';
import { LdapSignInService } from './ldap-sign-in.service';
import { DomainProofModule } from '../sso/domain-proof';

@Module({
  imports: [DomainProofModule],
  controllers: [CompanyLdapDirectoryController, PlatformLdapDirectoryController],
  providers: [LdapDirectoryRepository, LdapDirectoryService, LdapSignInService],
  exports: [LdapSignInService],
})
export class LdapModule {}
