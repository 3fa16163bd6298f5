import { Module } from '@nestjs/common';
import { UserMailer } from './user-mailer';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, UserMailer],
  exports: [UsersService, UserMailer],
})
export class UsersModule {}
