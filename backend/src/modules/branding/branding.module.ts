import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { FileStore } from '../../common/files/file-store';
import { CertificatesModule } from '../certificates/certificates.module';
import { BrandingController, CompanyBrandingController } from './branding.controller';
import { BrandingRepository } from './branding.repository';
import { BrandingService } from './branding.service';

/** Per-company and platform branding, and host names mapped to companies. */
@Module({
  imports: [AccessModule, CertificatesModule],
  controllers: [BrandingController, CompanyBrandingController],
  providers: [BrandingRepository, BrandingService, FileStore],
  exports: [BrandingService],
})
export class BrandingModule {}
