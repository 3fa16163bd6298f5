import type { PrismaService } from '../prisma/prisma.service';
import type { Prisma } from '../../generated/prisma/client';

export const REVOKED_2FA_REQUIRED = '2fa_required';

/**
 * Ends the live sessions of password accounts without a second factor among `users`, once a
 * policy starts requiring one: their next request is refused (the guard checks the session
 * family) and signing in again walks them through enrolment. SSO-only accounts (no password)
 * are left alone: their identity provider handles the second factor. The session that switched
 * the policy on (`keepFamilyId`) stays, so whoever flips it is not thrown out mid-change.
 */
export async function endSessionsWithout2fa(
  prisma: PrismaService,
  users: Prisma.UserWhereInput,
  keepFamilyId?: string,
): Promise<number> {
  const { count } = await prisma.refreshSession.updateMany({
    where: {
      OR: [{ revokedAt: null }, { revokedReason: 'rotated' }],
      ...(keepFamilyId ? { familyId: { not: keepFamilyId } } : {}),
      expiresAt: { gt: new Date() },
      user: { is: { ...users, totpEnabledAt: null, passwordHash: { not: null } } },
    },
    data: { revokedAt: new Date(), revokedReason: REVOKED_2FA_REQUIRED },
  });
  return count;
}
