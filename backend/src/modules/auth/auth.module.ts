import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { TotpVerifier } from './totp-verifier';

@Module({
  controllers: [AuthController],
  providers: [AuthService, AuthRepository, TotpVerifier],
  exports: [AuthService],
})
export class AuthModule {}
