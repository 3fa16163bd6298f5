import { Injectable } from '@nestjs/common';
import type { Role } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { IdentityProvider, Prisma } from '../../generated/prisma/client';

export interface IdentityProviderData {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  allowedDomains: string[];
  groupRoleMap: Record<string, Role>;
  defaultRole: Role | null;
  jitProvisioning: boolean;
  enabled: boolean;
  issuerOverride: string | null;
}

const toJson = (d: Partial<IdentityProviderData>) => ({
  ...d,
  allowedDomains: d.allowedDomains as Prisma.InputJsonValue | undefined,
  groupRoleMap: d.groupRoleMap as Prisma.InputJsonValue | undefined,
});

@Injectable()
export class IdentityProviderRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The company (in scope) with its provider; null when the company is outside the scope or gone. */
  findCompany(scope: Scope, companyId: string) {
    return this.prisma.company.findFirst({
      where: { AND: [{ id: companyId }, companyWhere(scope, 'id')] },
      select: { id: true, identityProvider: true },
    });
  }

  findPlatform() {
    return this.prisma.identityProvider.findFirst({ where: { companyId: null } });
  }

  /** A company's own provider (enabled or not), for its mapped sign-in host. */
  findByCompanyId(companyId: string) {
    return this.prisma.identityProvider.findFirst({ where: { companyId } });
  }

  findById(id: string) {
    return this.prisma.identityProvider.findUnique({ where: { id } });
  }

  // Domains: claimed in allowedDomains, routing only once a verification row exists.

  /** The provider a verified domain routes to (enabled or not). */
  async findByVerifiedDomain(domain: string): Promise<IdentityProvider | null> {
    const row = await this.prisma.ssoDomainVerification.findUnique({
      where: { domain },
      include: { provider: true },
    });
    return row?.provider ?? null;
  }

  verifications(providerId: string) {
    return this.prisma.ssoDomainVerification.findMany({ where: { providerId } });
  }

  /** Verified domains among `domains` that belong to another provider. */
  async verifiedElsewhere(providerId: string | null, domains: string[]): Promise<string[]> {
    const rows = await this.prisma.ssoDomainVerification.findMany({
      where: {
        domain: { in: domains },
        ...(providerId ? { providerId: { not: providerId } } : {}),
      },
      select: { domain: true },
    });
    return rows.map((r) => r.domain);
  }

  /**
   * Domains among `domains` used by accounts the provider may not sign in: for a company's provider,
   * accounts of other companies and the staff; for the platform's, accounts of any company.
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

  /** Records a verification; P2002 (→ 409) when another provider verified the domain meanwhile. */
  addVerification(
    providerId: string,
    domain: string,
    method: 'dns' | 'approval',
    verifiedById: string,
  ) {
    return this.prisma.ssoDomainVerification.upsert({
      where: { domain, providerId },
      create: { domain, providerId, method, verifiedById },
      update: {},
    });
  }

  /** Forgets verifications of domains the provider no longer lists. */
  dropVerificationsExcept(providerId: string, keep: string[]) {
    return this.prisma.ssoDomainVerification.deleteMany({
      where: { providerId, domain: { notIn: keep } },
    });
  }

  create(companyId: string | null, data: IdentityProviderData) {
    return this.prisma.identityProvider.create({
      data: {
        companyId,
        type: 'entra',
        ...toJson(data),
      } as Prisma.IdentityProviderUncheckedCreateInput,
    });
  }

  update(id: string, data: Partial<IdentityProviderData>) {
    return this.prisma.identityProvider.update({
      where: { id },
      data: toJson(data) as Prisma.IdentityProviderUncheckedUpdateInput,
    });
  }

  delete(id: string) {
    return this.prisma.identityProvider.delete({ where: { id } });
  }

  // Sign-in side: the user an SSO login resolves to, and the company it would join.

  findUserByEmail(email: string) {
    return this.prisma.user.findUnique({
      where: { email },
      include: { company: { select: { id: true, status: true } } },
    });
  }

  findCompanyStatus(companyId: string) {
    return this.prisma.company.findUnique({ where: { id: companyId }, select: { status: true } });
  }

  createUser(data: { email: string; name: string; role: Role; companyId: string | null }) {
    // No password: this account signs in through its directory (or sets one via "forgot password").
    return this.prisma.user.create({ data: { ...data, status: 'active', passwordHash: null } });
  }

  updateOnLogin(userId: string, role: Role) {
    return this.prisma.user.update({ where: { id: userId }, data: { role, status: 'active' } });
  }
}
