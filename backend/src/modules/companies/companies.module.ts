import { Module } from '@nestjs/common';
import { BrandingModule } from '../branding/branding.module';
import { TicketsModule } from '../tickets/tickets.module';
import { CompaniesController } from './companies.controller';
import { CompaniesRepository } from './companies.repository';
import { CompaniesService } from './companies.service';

@Module({
  imports: [TicketsModule, BrandingModule],
  controllers: [CompaniesController],
  providers: [CompaniesService, CompaniesRepository],
  exports: [CompaniesService],
})
export class CompaniesModule {}
