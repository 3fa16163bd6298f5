import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma, TlsCertificate } from '../../generated/prisma/client';

/** Platform infrastructure (no company scope): only super_admin routes and the worker reach it. */
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
    return this.prisma.tlsCertificate.findMany({ orderBy: { createdAt: 'desc' }, take });
  }

  pending(): Promise<TlsCertificate | null> {
    return this.prisma.tlsCertificate.findFirst({ where: { status: 'pending' } });
  }

  latestIssued(): Promise<TlsCertificate | null> {
    return this.prisma.tlsCertificate.findFirst({
      where: { status: 'issued' },
      orderBy: { createdAt: 'desc' },
    });
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
