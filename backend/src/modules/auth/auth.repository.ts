import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import { Prisma } from '../../generated/prisma/client';

const userWithCompany = {
  company: {
    select: {
      id: true,
      name: true,
      status: true,
      require2fa: true,
      requirePhishingResistantMfa: true,
    },
  },
} as const;

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

  /** Removes one recovery code hash; false when another request used it first (atomic). */
  async useRecoveryCode(userId: string, hash: string): Promise<boolean> {
    const changed = await this.prisma.$executeRaw`
      UPDATE User SET recoveryCodes = JSON_REMOVE(recoveryCodes,
        JSON_UNQUOTE(JSON_SEARCH(recoveryCodes, 'one', ${hash})))
      WHERE id = ${userId} AND JSON_SEARCH(recoveryCodes, 'one', ${hash}) IS NOT NULL`;
    return changed === 1;
  }

  /**
   * Records `step` as the last accepted TOTP time-step; false when it (or a later one) was already
   * accepted. One conditional UPDATE, so only one of two racing requests wins.
   */
  async claimTotpStep(userId: string, step: number): Promise<boolean> {
    const { count } = await this.prisma.user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1;
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

  activeSessions(userId: string) {
    return this.prisma.refreshSession.findMany({
      where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
    });
  }

  async revokeUserFamily(userId: string, familyId: string, reason: string): Promise<boolean> {
    const { count } = await this.prisma.refreshSession.updateMany({
      where: { userId, familyId, OR: [{ revokedAt: null }, { revokedReason: 'rotated' }] },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
    return count > 0;
  }

  revokeOtherFamilies(userId: string, keepFamilyId: string | undefined, reason: string) {
    return this.prisma.refreshSession.updateMany({
      where: {
        userId,
        ...(keepFamilyId ? { familyId: { not: keepFamilyId } } : {}),
        OR: [{ revokedAt: null }, { revokedReason: 'rotated' }],
      },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
  }

  setPassword(userId: string, passwordHash: string) {
    return this.prisma.user.update({
      where: { id: userId },
      data: { passwordHash, passwordChangedAt: new Date(), failedLoginCount: 0 },
    });
  }

  activateInvited(userId: string) {
    return this.prisma.user.updateMany({
      where: { id: userId, status: 'invited' },
      data: { status: 'active' },
    });
  }

  /** `totpLastStep`: the step of the code that enabled 2FA; null forgets it (a new secret). */
  setTotp(
    userId: string,
    data: {
      totpSecret: string | null;
      totpEnabledAt: Date | null;
      totpLastStep: number | null;
      recoveryCodes?: string[] | null;
    },
  ) {
    return this.prisma.user.update({
      where: { id: userId },
      data: {
        totpSecret: data.totpSecret,
        totpEnabledAt: data.totpEnabledAt,
        totpLastStep: data.totpLastStep,
        recoveryCodes: data.recoveryCodes === null ? Prisma.DbNull : data.recoveryCodes,
      },
    });
  }

  createUserToken(data: {
    userId: string;
    kind: 'invite' | 'password_reset';
    tokenHash: string;
    expiresAt: Date;
  }) {
    return this.prisma.userToken.create({ data });
  }

  findUserToken(tokenHash: string) {
    return this.prisma.userToken.findUnique({ where: { tokenHash } });
  }

  /** Marks a token used; false when it was already used (atomic). */
  async consumeUserToken(id: string): Promise<boolean> {
    const { count } = await this.prisma.userToken.updateMany({
      where: { id, usedAt: null },
      data: { usedAt: new Date() },
    });
    return count === 1;
  }
}
