import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma } from '../../generated/prisma/client';

export type BrandingRow = Prisma.BrandingGetPayload<object>;
export const PLATFORM_OWNER = 'platform';

@Injectable()
export class BrandingRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(owner: string): Promise<BrandingRow | null> {
    return this.prisma.branding.findUnique({ where: { owner } });
  }

  upsert(owner: string, data: Prisma.BrandingUpdateInput): Promise<BrandingRow> {
    return this.prisma.branding.upsert({
      where: { owner },
      create: { ...(data as Prisma.BrandingCreateInput), owner },
      update: data,
    });
  }

  async hosts(companyId: string): Promise<string[]> {
    const rows = await this.prisma.brandingHost.findMany({
      where: { companyId },
      orderBy: { host: 'asc' },
    });
    return rows.map((r) => r.host);
  }

  /** Replaces a company's hosts; a host another company holds: 'taken' (nothing changed). */
  setHosts(companyId: string, hosts: string[]): Promise<'ok' | { taken: string }> {
    return this.prisma.$transaction(async (tx) => {
      const other = await tx.brandingHost.findFirst({
        where: { host: { in: hosts }, companyId: { not: companyId } },
      });
      if (other) return { taken: other.host };
      await tx.brandingHost.deleteMany({ where: { companyId, host: { notIn: hosts } } });
      await tx.brandingHost.createMany({
        data: hosts.map((host) => ({ host, companyId })),
        skipDuplicates: true,
      });
      return 'ok' as const;
    });
  }

  /** The company a host name is mapped to, with its name (null: not mapped). */
  async hostCompany(host: string): Promise<{ id: string; name: string } | null> {
    const row = await this.prisma.brandingHost.findUnique({ where: { host } });
    if (!row) return null;
    return this.prisma.company.findUnique({
      where: { id: row.companyId },
      select: { id: true, name: true },
    });
  }

  /** A deleted company's branding row and host names. */
  removeCompany(companyId: string) {
    return this.prisma.$transaction([
      this.prisma.branding.deleteMany({ where: { owner: companyId } }),
      this.prisma.brandingHost.deleteMany({ where: { companyId } }),
    ]);
  }
}
