import { DynamicModule, Module } from '@nestjs/common';
import { AcmeIssuer } from './acme-issuer';
import { CertificatesJobsService } from './certificates-jobs.service';
import { CertificatesController } from './certificates.controller';
import { CertificatesProcessor } from './certificates.processor';
import { CertificatesRepository } from './certificates.repository';
import { CertificatesService } from './certificates.service';
import { TlsInstaller } from './tls-installer';

/** Certificates over HTTP; `forWorker()` adds the ACME and renewal handlers. */
@Module({
  controllers: [CertificatesController],
  providers: [
    CertificatesService,
    CertificatesRepository,
    CertificatesJobsService,
    AcmeIssuer,
    TlsInstaller,
  ],
  exports: [CertificatesService],
})
export class CertificatesModule {
  /** Worker process only: this module's job handlers. */
  static forWorker(): DynamicModule {
    return {
      module: CertificatesWorkerModule,
      imports: [CertificatesModule],
      providers: [CertificatesProcessor],
    };
  }
}

@Module({})
class CertificatesWorkerModule {}
