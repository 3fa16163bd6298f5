import { DynamicModule, Module } from '@nestjs/common';
import { AccessModule } from '../../common/access/access.module';
import { JobsModule } from '../jobs/jobs.module';
import { AcmeIssuer } from './acme-issuer';
import { CertificatesJobsService } from './certificates-jobs.service';
import { CertificatesController } from './certificates.controller';
import { CertificatesProcessor } from './certificates.processor';
import { CertificatesRepository } from './certificates.repository';
import { CertificatesService } from './certificates.service';
import { HostCertificatesController } from './host-certificates.controller';
import { HostCertificatesService } from './host-certificates.service';
import { TlsInstaller } from './tls-installer';

/**
 * The platform certificate and one per mapped host name, over HTTP; `forWorker()` adds the ACME and
 * renewal handlers.
 */
@Module({
  imports: [AccessModule, JobsModule],
  controllers: [CertificatesController, HostCertificatesController],
  providers: [
    CertificatesService,
    HostCertificatesService,
    CertificatesRepository,
    CertificatesJobsService,
    AcmeIssuer,
    TlsInstaller,
  ],
  exports: [CertificatesService, HostCertificatesService],
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
