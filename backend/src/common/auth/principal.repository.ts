import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

// The only Prisma access the guard needs: identity rows, looked up by their own keys.
@Injectable()
export class PrincipalRepository {
  constructor(private readonly prisma: PrismaService) {}

  findUser(userId: string) {
    return this.prisma.user.findUnique({
      where: { id: userId },
      include: { company: { select: { id: true, name: true, status: true } } },
    });
  }

  assignedCompanyIds(userId: string): Promise<string[]> {
    return this.prisma.salespersonAssignment
      .findMany({ where: { userId }, select: { companyId: true } })
      .then((rows) => rows.map((r) => r.companyId));
  }

  findApiKeyByPrefix(prefix: string) {
    return this.prisma.apiKey.findUnique({ where: { prefix } });
  }

  touchApiKey(id: string, ip: string | null) {
    return this.prisma.apiKey.update({
      where: { id },
      data: { lastUsedAt: new Date(), lastUsedIp: ip },
    });
  }

  isSessionFamilyRevoked(familyId: string): Promise<boolean> {
    return this.prisma.refreshSession
      .count({ where: { familyId, revokedAt: { not: null }, revokedReason: { not: 'rotated' } } })
      .then((n) => n > 0);
  }
}
