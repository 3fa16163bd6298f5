import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { BrandingModule } from '../branding/branding.module';
import { UserMailer } from './user-mailer';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [AccessModule, BrandingModule],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, UserMailer],
  exports: [UsersService, UserMailer],
})
export class UsersModule {}
