import { X509Certificate } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  CERTIFICATE_RENEW_DAYS,
  SYSTEM_CERTIFICATE_EVENT,
  type CertificatesOverview,
  type RequestCertificateInput,
  type TlsCertificateView,
} from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import type { Principal } from '../../common/auth/scope';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AppError } from '../../common/errors/app-error';
import { EventsPublisher } from '../../common/events/events.publisher';
import type { TlsCertificate } from '../../generated/prisma/client';
import { AcmeIssuer } from './acme-issuer';
import { splitPem } from './chain-trust';
import { CertificatesJobsService } from './certificates-jobs.service';
import { toCertificateView } from './certificates.mapper';
import { CertificatesRepository } from './certificates.repository';
import { TlsInstaller } from './tls-installer';

const ACCOUNT_KEY = 'tls-certificate.account-key';
const DAY = 86400_000;

/** System → Certificates: ACME orders (HTTP-01 through Nginx), installation and renewal. */
@Injectable()
export class CertificatesService {
  private readonly logger = new Logger('Certificates');

  constructor(
    private readonly repo: CertificatesRepository,
    private readonly jobs: CertificatesJobsService,
    private readonly acme: AcmeIssuer,
    private readonly tls: TlsInstaller,
    private readonly cipher: SecretsCipher,
    private readonly events: EventsPublisher,
    private readonly activity: ActivityService,
  ) {}

  async overview(): Promise<CertificatesOverview> {
    const [history, latest] = await Promise.all([this.repo.history(), this.repo.latestIssued()]);
    return {
      served: this.tls.served(),
      renewsAt: latest?.notAfter
        ? new Date(latest.notAfter.getTime() - CERTIFICATE_RENEW_DAYS * DAY).toISOString()
        : null,
      history: history.map(toCertificateView),
    };
  }

  async request(input: RequestCertificateInput, actor: Principal): Promise<TlsCertificateView> {
    if (await this.repo.pending())
      throw new AppError('CONFLICT', 'a certificate order is already in progress');
    const row = await this.repo.create({
      domains: input.domains,
      email: input.email,
      directoryUrl: input.directoryUrl,
      reason: 'request',
      requestedById: actor.userId,
    });
    await this.jobs.issue(row.id, { userId: actor.userId, type: 'user' });
    await this.activity.record({
      action: 'certificate.request',
      actor,
      resourceType: 'tls_certificate',
      resourceId: row.id,
      details: { domains: input.domains, directoryUrl: input.directoryUrl },
    });
    await this.publish(row);
    return toCertificateView(row);
  }

  /**
   * Worker: runs one pending order to the end; a failure is recorded on the row, not thrown. A host's
   * order installs that host's files (only while the host is still mapped to its company).
   */
  async issue(
    id: string,
    log: (line: string) => void = (line) => this.logger.log(line),
  ): Promise<TlsCertificateView | null> {
    const row = await this.repo.find(id);
    if (!row || row.status !== 'pending') return row ? toCertificateView(row) : null;
    const domains = row.domains as string[];
    try {
      const stored = row.accountKey ?? (await this.repo.accountKeyFor(row.directoryUrl, row.email));
      const result = await this.acme.order(
        {
          directoryUrl: row.directoryUrl,
          email: row.email,
          domains,
          accountKey: stored ? this.cipher.decrypt(stored, ACCOUNT_KEY) : null,
        },
        log,
      );
      const installed = await this.installFor(row, result.chainPem, result.keyPem);
      const leaf = new X509Certificate(splitPem(result.chainPem)[0]);
      const done = await this.repo.update(id, {
        status: 'issued',
        issuer: leaf.issuer.replace(/\n/g, ', ').slice(0, 255),
        serial: leaf.serialNumber,
        notBefore: new Date(leaf.validFrom),
        notAfter: new Date(leaf.validTo),
        accountKey: this.cipher.encrypt(result.accountKey, ACCOUNT_KEY),
        error: installed.reloaded
          ? null
          : 'installed; Nginx was not reloaded (TLS_RELOAD_COMMAND unset)',
        finishedAt: new Date(),
      });
      await this.record(done, 'success');
      return toCertificateView(done);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn(`certificate for ${domains.join(', ')} failed: ${message}`);
      const failed = await this.repo.update(id, {
        status: 'failed',
        error: message.slice(0, 4000),
        finishedAt: new Date(),
      });
      await this.record(failed, 'failure');
      return toCertificateView(failed);
    }
  }

  /** Worker (scheduled): orders a new certificate when the installed one expires within 30 days. */
  async renewDue(now: Date): Promise<TlsCertificateView | null> {
    const latest = await this.repo.latestIssued();
    if (!latest?.notAfter) return null;
    if (latest.notAfter.getTime() - now.getTime() > CERTIFICATE_RENEW_DAYS * DAY) return null;
    if (await this.repo.pending()) return null;
    const row = await this.repo.create({
      domains: latest.domains as string[],
      email: latest.email,
      directoryUrl: latest.directoryUrl,
      reason: 'renewal',
      accountKey: latest.accountKey,
    });
    await this.publish(row);
    return this.issue(row.id);
  }

  private async installFor(row: TlsCertificate, chainPem: string, keyPem: string) {
    if (!row.host) return this.tls.install(chainPem, keyPem);
    // The mapping may have gone while the order ran: its files must not come back.
    if (!row.companyId || !(await this.repo.hostMapped(row.host, row.companyId)))
      throw new Error(`${row.host} is no longer mapped to the company`);
    return this.tls.installHost(row.host, chainPem, keyPem);
  }

  private async record(row: TlsCertificate, result: 'success' | 'failure'): Promise<void> {
    await this.activity.record({
      companyId: row.companyId,
      action: row.reason === 'renewal' ? 'certificate.renew' : 'certificate.issue',
      result,
      resourceType: 'tls_certificate',
      resourceId: row.id,
      details: { domains: row.domains, error: row.error ?? undefined },
    });
    await this.publish(row);
  }

  // super_admin only (companyId null): the Certificates page refreshes and a failure is shown at once.
  private publish(row: TlsCertificate): Promise<void> {
    return this.events
      .publish({ type: SYSTEM_CERTIFICATE_EVENT, companyId: null, payload: toCertificateView(row) })
      .catch(() => undefined);
  }
}
