import { Module } from '@nestjs/common';
import { AcmeIssuer } from './acme-issuer';
import { CertificatesJobsService } from './certificates-jobs.service';
import { CertificatesController } from './certificates.controller';
import { CertificatesRepository } from './certificates.repository';
import { CertificatesService } from './certificates.service';
import { TlsInstaller } from './tls-installer';

// API: the routes; worker: CertificatesProcessor (registered in worker.module.ts) uses the service.
@Module({
  controllers: [CertificatesController],
  providers: [
    CertificatesService,
    CertificatesRepository,
    CertificatesJobsService,
    AcmeIssuer,
    TlsInstaller,
  ],
  exports: [CertificatesService, CertificatesJobsService],
})
export class CertificatesModule {}
