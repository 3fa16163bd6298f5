import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma, TlsCertificate } from '../../generated/prisma/client';

/**
 * The platform certificate's orders (host null: only super_admin routes and the worker reach them)
 * and mapped hosts' orders (host and company set: reached after the access layer passed the company).
 */
@Injectable()
export class CertificatesRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(data: Prisma.TlsCertificateUncheckedCreateInput): Promise<TlsCertificate> {
    return this.prisma.tlsCertificate.create({ data });
  }

  find(id: string): Promise<TlsCertificate | null> {
    return this.prisma.tlsCertificate.findUnique({ where: { id } });
  }

  update(id: string, data: Prisma.TlsCertificateUncheckedUpdateInput): Promise<TlsCertificate> {
    return this.prisma.tlsCertificate.update({ where: { id }, data });
  }

  history(take = 50): Promise<TlsCertificate[]> {
    return this.prisma.tlsCertificate.findMany({
      where: { host: null },
      orderBy: { createdAt: 'desc' },
      take,
    });
  }

  /** A pending order of the platform certificate (host null) or of one host. */
  pending(host: string | null = null): Promise<TlsCertificate | null> {
    return this.prisma.tlsCertificate.findFirst({ where: { status: 'pending', host } });
  }

  /** The newest issued certificate of the platform (host null) or of one host. */
  latestIssued(host: string | null = null): Promise<TlsCertificate | null> {
    return this.prisma.tlsCertificate.findFirst({
      where: { status: 'issued', host },
      orderBy: { createdAt: 'desc' },
    });
  }

  /** A company's mapped host names. */
  async companyHosts(companyId: string): Promise<string[]> {
    const rows = await this.prisma.brandingHost.findMany({
      where: { companyId },
      orderBy: { host: 'asc' },
    });
    return rows.map((r) => r.host);
  }

  /** Whether the host is (still) mapped to the company. */
  async hostMapped(host: string, companyId: string): Promise<boolean> {
    const row = await this.prisma.brandingHost.findUnique({ where: { host } });
    return row?.companyId === companyId;
  }

  /** A company's orders for these hosts, newest first. */
  hostOrders(companyId: string, hosts: string[]): Promise<TlsCertificate[]> {
    return this.prisma.tlsCertificate.findMany({
      where: { companyId, host: { in: hosts } },
      orderBy: { createdAt: 'desc' },
    });
  }

  /** Hosts with an issued certificate that ends by `before` (renewal candidates). */
  async hostsExpiring(before: Date): Promise<string[]> {
    const rows = await this.prisma.tlsCertificate.findMany({
      where: { host: { not: null }, status: 'issued', notAfter: { lte: before } },
      distinct: ['host'],
      select: { host: true },
    });
    return rows.map((r) => r.host as string);
  }

  /** Every order of a host (its mapping went). */
  removeHost(host: string) {
    return this.prisma.tlsCertificate.deleteMany({ where: { host } });
  }

  /** The account key of an earlier order at the same ACME server for the same email. */
  async accountKeyFor(directoryUrl: string, email: string): Promise<string | null> {
    const row = await this.prisma.tlsCertificate.findFirst({
      where: { directoryUrl, email, accountKey: { not: null } },
      orderBy: { createdAt: 'desc' },
      select: { accountKey: true },
    });
    return row?.accountKey ?? null;
  }
}
