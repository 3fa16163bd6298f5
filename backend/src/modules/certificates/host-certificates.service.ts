import { Injectable, Logger } from '@nestjs/common';
import {
  CERTIFICATE_RENEW_DAYS,
  type HostCertificateView,
  type OrderHostCertificateInput,
  type TlsCertificateView,
} from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import { ActivityService } from '../../common/audit/activity.service';
import type { Actor } from '../../common/auth/actor';
import { AppError } from '../../common/errors/app-error';
import type { JobRunContext } from '../jobs/job-context';
import { JobsService } from '../jobs/jobs.service';
import { toHostCertificateView } from './certificates.mapper';
import { CertificatesRepository } from './certificates.repository';
import { CertificatesService } from './certificates.service';
import { TlsInstaller } from './tls-installer';

const DAY = 86400_000;

/**
 * A certificate per mapped host name (branding), each for that host alone: one certificate listing
 * every company's host would show each customer's portal name to all the others. Orders run the
 * platform's ACME flow as a tracked job of the company; the renewal sweep renews them; a host's
 * files and orders go with its mapping.
 */
@Injectable()
export class HostCertificatesService {
  private readonly logger = new Logger('HostCertificates');

  constructor(
    private readonly repo: CertificatesRepository,
    private readonly certificates: CertificatesService,
    private readonly jobs: JobsService,
    private readonly access: AccessService,
    private readonly tls: TlsInstaller,
    private readonly activity: ActivityService,
  ) {}

  async list(actor: Actor, companyId: string): Promise<HostCertificateView[]> {
    await this.access.requireCompany(actor, companyId);
    const hosts = await this.repo.companyHosts(companyId);
    const orders = hosts.length ? await this.repo.hostOrders(companyId, hosts) : [];
    return hosts.map((h) =>
      toHostCertificateView(
        h,
        orders.filter((o) => o.host === h),
      ),
    );
  }

  /** Staff: order (or re-order) the certificate of one of the company's hosts. */
  async order(
    actor: Actor,
    companyId: string,
    input: OrderHostCertificateInput,
  ): Promise<HostCertificateView> {
    await this.access.requireCompany(actor, companyId);
    if (!(await this.repo.hostMapped(input.host, companyId)))
      throw new AppError('NOT_FOUND', `${input.host} is not one of this company’s host names`);
    const acme = await this.acmeSettings(input);
    if (!acme)
      throw new AppError(
        'VALIDATION_FAILED',
        'No ACME server is set up: order the platform certificate (System → Certificates) first, or give directoryUrl and email',
      );
    if (await this.repo.pending(input.host))
      throw new AppError('CONFLICT', `A certificate for ${input.host} is already being ordered`);
    await this.start(actor, companyId, input.host, acme);
    const orders = await this.repo.hostOrders(companyId, [input.host]);
    return toHostCertificateView(input.host, orders);
  }

  /**
   * After a company's host names changed: removed hosts lose their files and orders; added ones get
   * an order when the platform certificate came from an ACME server (its directory and email).
   */
  async hostsChanged(actor: Actor, companyId: string, before: string[], after: string[]) {
    for (const host of before.filter((h) => !after.includes(h))) {
      await this.repo.removeHost(host);
      await this.tls
        .removeHost(host)
        .catch((err: Error) => this.logger.warn(`files of ${host} not removed: ${err.message}`));
    }
    const added = after.filter((h) => !before.includes(h));
    const acme = added.length ? await this.acmeSettings({}) : null;
    if (!acme) return;
    // The mapping is saved either way: a host whose order could not start is ordered from the page.
    for (const host of added) {
      if (await this.repo.pending(host)) continue;
      await this.start(actor, companyId, host, acme).catch((err: Error) =>
        this.logger.warn(`certificate for ${host} not ordered: ${err.message}`),
      );
    }
  }

  /** Worker: the order behind a `certificates.host` job; a failed order fails the job with its reason. */
  async run(ctx: JobRunContext<'certificates.host'>): Promise<TlsCertificateView> {
    await ctx.progress(5, `Ordering a certificate for ${ctx.params.host} over ACME (HTTP-01)`);
    const lines: string[] = [];
    const done = await this.certificates.issue(ctx.params.certificateId, (l) => lines.push(l));
    if (lines.length) await ctx.log(lines);
    if (!done)
      throw new Error(`the order for ${ctx.params.host} is gone (its mapping was removed)`);
    if (done.status !== 'issued') throw new Error(done.error ?? `the order ended ${done.status}`);
    await ctx.progress(100, `Issued for ${ctx.params.host} until ${done.notAfter}`);
    return done;
  }

  /** Worker (the renewal sweep): renews each mapped host's certificate 30 days before it ends. */
  async renewDue(now: Date): Promise<TlsCertificateView[]> {
    const cutoff = new Date(now.getTime() + CERTIFICATE_RENEW_DAYS * DAY);
    const renewed: TlsCertificateView[] = [];
    for (const host of await this.repo.hostsExpiring(cutoff)) {
      const latest = await this.repo.latestIssued(host);
      if (!latest?.notAfter || latest.notAfter > cutoff || !latest.companyId) continue;
      if (await this.repo.pending(host)) continue;
      if (!(await this.repo.hostMapped(host, latest.companyId))) continue;
      const row = await this.repo.create({
        domains: [host],
        host,
        companyId: latest.companyId,
        email: latest.email,
        directoryUrl: latest.directoryUrl,
        reason: 'renewal',
        accountKey: latest.accountKey,
      });
      const done = await this.certificates.issue(row.id);
      if (done) renewed.push(done);
    }
    return renewed;
  }

  // The order's own ACME settings, else the platform certificate's (null: none to use).
  private async acmeSettings(input: { email?: string; directoryUrl?: string }) {
    const platform = input.email && input.directoryUrl ? null : await this.repo.latestIssued(null);
    const email = input.email ?? platform?.email;
    const directoryUrl = input.directoryUrl ?? platform?.directoryUrl;
    return email && directoryUrl ? { email, directoryUrl } : null;
  }

  private async start(
    actor: Actor,
    companyId: string,
    host: string,
    acme: { email: string; directoryUrl: string },
  ): Promise<void> {
    const row = await this.repo.create({
      domains: [host],
      host,
      companyId,
      ...acme,
      reason: 'request',
      requestedById: actor.principal.userId,
    });
    const job = await this.jobs.start({
      type: 'certificates.host',
      companyId,
      actorId: actor.principal.userId,
      params: { certificateId: row.id, host },
      message: `Certificate for ${host}`,
    });
    await this.repo.update(row.id, { jobId: job.id });
    await this.activity.record({
      action: 'certificate.request',
      companyId,
      actor: actor.principal,
      resourceType: 'tls_certificate',
      resourceId: row.id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: { host, directoryUrl: acme.directoryUrl, jobId: job.id },
    });
  }
}
