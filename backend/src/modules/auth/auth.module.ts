import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';
import { TotpVerifier } from './totp-verifier';
import { UsersModule } from '../users/users.module';

@Module({
  imports: [UsersModule],
  controllers: [AuthController, ProfileController],
  providers: [AuthService, AuthRepository, TotpVerifier, LoginThrottle, ProfileService],
  exports: [AuthService],
})
export class AuthModule {}
