import { Injectable } from '@nestjs/common';
import type { Role } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { LdapDirectory, Prisma } from '../../generated/prisma/client';

export interface LdapDirectoryData {
  url: string;
  startTls: boolean;
  caPem: string | null;
  bindDn: string;
  bindPassword: string;
  searchBase: string;
  userFilter: string;
  allowedDomains: string[];
  groupMappings: { groupDn: string; role: Role; customRoleId: string | null }[];
  jitProvisioning: boolean;
  enabled: boolean;
}

const toJson = (d: Partial<LdapDirectoryData>) => ({
  ...d,
  allowedDomains: d.allowedDomains as Prisma.InputJsonValue | undefined,
  groupMappings: d.groupMappings as Prisma.InputJsonValue | undefined,
});

const userWithCompany = { company: { select: { id: true, status: true } } } as const;

@Injectable()
export class LdapDirectoryRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The company (in scope) with its directory; null when outside the scope or gone. */
  findCompany(scope: Scope, companyId: string) {
    return this.prisma.company.findFirst({
      where: { AND: [{ id: companyId }, companyWhere(scope, 'id')] },
      select: { id: true, status: true, ldapDirectory: true },
    });
  }

  findPlatform() {
    return this.prisma.ldapDirectory.findFirst({ where: { companyId: null } });
  }

  /** Every directory: few rows (one per company at most), read to route a domain. */
  findAll(): Promise<LdapDirectory[]> {
    return this.prisma.ldapDirectory.findMany();
  }

  /** Every directory with the domains it has proven: sign-ins route only to those. */
  findAllVerified() {
    return this.prisma.ldapDirectory.findMany({
      include: { verifiedDomains: { select: { domain: true } } },
    });
  }

  /** Domains a directory may route: claimed in allowedDomains, proven or approved here. */
  verifications(directoryId: string) {
    return this.prisma.ldapDomainVerification.findMany({ where: { directoryId } });
  }

  /** Records a verification; P2002 (→ 409) when another directory verified the domain meanwhile. */
  addVerification(
    directoryId: string,
    domain: string,
    method: 'dns' | 'approval',
    verifiedById: string,
  ) {
    return this.prisma.ldapDomainVerification.upsert({
      where: { domain, directoryId },
      create: { domain, directoryId, method, verifiedById },
      update: {},
    });
  }

  /** Forgets verifications of domains the directory no longer lists. */
  dropVerificationsExcept(directoryId: string, keep: string[]) {
    return this.prisma.ldapDomainVerification.deleteMany({
      where: { directoryId, domain: { notIn: keep } },
    });
  }

  create(companyId: string | null, data: LdapDirectoryData) {
    return this.prisma.ldapDirectory.create({
      data: { companyId, ...toJson(data) } as Prisma.LdapDirectoryUncheckedCreateInput,
    });
  }

  update(id: string, data: Partial<LdapDirectoryData>) {
    return this.prisma.ldapDirectory.update({
      where: { id },
      data: toJson(data) as Prisma.LdapDirectoryUncheckedUpdateInput,
    });
  }

  delete(id: string) {
    return this.prisma.ldapDirectory.delete({ where: { id } });
  }

  /** A custom role a directory of `companyId` may hand out: platform-wide or that company's. */
  findCustomRole(companyId: string | null, id: string) {
    return this.prisma.customRole.findFirst({
      where: { id, OR: [{ companyId: null }, ...(companyId ? [{ companyId }] : [])] },
      select: { id: true, name: true, permissions: true, companyId: true },
    });
  }

  /**
   * Domains among `domains` used by accounts the directory may not sign in: for a company's
   * directory, accounts of other companies and the staff; for the platform's, accounts of any company.
   */
  async usedByOthers(companyId: string | null, domains: string[]): Promise<string[]> {
    const used: string[] = [];
    for (const domain of domains) {
      const others: Prisma.UserWhereInput = companyId
        ? { OR: [{ companyId: null }, { companyId: { not: companyId } }] }
        : { companyId: { not: null } };
      const n = await this.prisma.user.count({
        where: { AND: [{ email: { endsWith: `@${domain}` } }, others] },
      });
      if (n > 0) used.push(domain);
    }
    return used;
  }

  // Sign-in side: the account a directory sign-in resolves to.

  findUserByEmail(email: string) {
    return this.prisma.user.findUnique({ where: { email }, include: userWithCompany });
  }

  createUser(data: {
    email: string;
    name: string;
    role: Role;
    customRoleId: string | null;
    companyId: string | null;
  }) {
    // No local password: the directory checks it at every sign-in.
    return this.prisma.user.create({ data: { ...data, status: 'active', passwordHash: null } });
  }

  /** Groups are the source of truth for the role; signing in also completes a pending invitation. */
  updateOnLogin(userId: string, role: Role, customRoleId: string | null) {
    return this.prisma.user.update({
      where: { id: userId },
      data: { role, customRoleId, status: 'active' },
    });
  }
}
