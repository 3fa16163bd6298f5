import { Injectable } from '@nestjs/common';
import type { Role } from '@multpanel/contracts';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma } from '../../generated/prisma/client';

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

  findById(id: string) {
    return this.prisma.identityProvider.findUnique({ where: { id } });
  }

  listEnabled() {
    return this.prisma.identityProvider.findMany({ where: { enabled: true } });
  }

  listAll() {
    return this.prisma.identityProvider.findMany({
      select: { id: true, companyId: true, allowedDomains: true },
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
