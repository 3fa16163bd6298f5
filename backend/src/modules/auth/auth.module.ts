import { Module } from '@nestjs/common';
import { BrandingModule } from '../branding/branding.module';
import { LdapModule } from '../ldap/ldap.module';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { ProfileController } from './profile.controller';
import { PasskeyChallengeStore } from './passkey-challenge.store';
import { PasskeyRepository } from './passkey.repository';
import { PasskeyService } from './passkey.service';
import { PasskeysController } from './passkeys.controller';
import { ProfileService } from './profile.service';
import { TotpVerifier } from './totp-verifier';
import { PlatformModule } from '../platform/platform.module';
import { UsersModule } from '../users/users.module';
import { EnrollmentTokenStore } from './enrollment-token.store';
import { TotpEnroller } from './totp-enroller';
import { TwoFactorPolicy } from './two-factor-policy';
import { TwoFactorThrottle } from './two-factor-throttle';

@Module({
  imports: [UsersModule, PlatformModule, BrandingModule, LdapModule],
  controllers: [AuthController, ProfileController, PasskeysController],
  providers: [
    AuthService,
    AuthRepository,
    TotpVerifier,
    LoginThrottle,
    TwoFactorThrottle,
    ProfileService,
    TotpEnroller,
    TwoFactorPolicy,
    EnrollmentTokenStore,
    PasskeyRepository,
    PasskeyService,
    PasskeyChallengeStore,
  ],
  exports: [AuthService],
})
export class AuthModule {}
