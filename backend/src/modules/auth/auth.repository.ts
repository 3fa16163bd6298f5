import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';

const userWithCompany = { company: { select: { id: true, name: true, status: true } } } as const;

@Injectable()
export class AuthRepository {
  constructor(private readonly prisma: PrismaService) {}

  findUserByEmail(email: string) {
    return this.prisma.user.findUnique({ where: { email }, include: userWithCompany });
  }

  findUserById(id: string) {
    return this.prisma.user.findUnique({ where: { id }, include: userWithCompany });
  }

  findSecondFactor(userId: string) {
    return this.prisma.user.findUnique({
      where: { id: userId },
      select: { totpSecret: true, recoveryCodes: true },
    });
  }

  setRecoveryCodes(userId: string, hashes: string[]) {
    return this.prisma.user.update({ where: { id: userId }, data: { recoveryCodes: hashes } });
  }

  recordLoginSuccess(userId: string, ip: string | null) {
    return this.prisma.user.update({
      where: { id: userId },
      data: { lastLoginAt: new Date(), lastLoginIp: ip, failedLoginCount: 0, lockedUntil: null },
    });
  }

  recordLoginFailure(userId: string) {
    return this.prisma.user.update({
      where: { id: userId },
      data: { failedLoginCount: { increment: 1 } },
    });
  }

  createSession(data: {
    userId: string;
    familyId: string;
    tokenHash: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  }) {
    return this.prisma.refreshSession.create({ data });
  }

  findSessionByHash(tokenHash: string) {
    return this.prisma.refreshSession.findUnique({ where: { tokenHash } });
  }

  /** Marks a token used; false when another request already rotated it (atomic). */
  async markRotated(id: string): Promise<boolean> {
    const now = new Date();
    const { count } = await this.prisma.refreshSession.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: now, rotatedAt: now, revokedReason: 'rotated', lastUsedAt: now },
    });
    return count === 1;
  }

  revokeFamily(familyId: string, reason: string) {
    return this.prisma.refreshSession.updateMany({
      where: { familyId, OR: [{ revokedAt: null }, { revokedReason: 'rotated' }] },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
  }
}
