import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ChangePasswordInput, ResetPasswordInput, SessionView } from '@multpanel/contracts';
import type { Actor } from '../../common/auth/actor';
import { AccessRevocations } from '../../common/auth/access-revocations';
import { ActivityService } from '../../common/audit/activity.service';
import { hashPassword, verifyPassword } from '../../common/crypto/password';
import { AppError, notFound } from '../../common/errors/app-error';
import type { RequestMeta } from '../../common/http/request-meta';
import { UserMailer } from '../users/user-mailer';
import { AuthRepository } from './auth.repository';
import { TotpEnroller } from './totp-enroller';
import { TotpVerifier } from './totp-verifier';
import { TwoFactorPolicy } from './two-factor-policy';
import { TwoFactorThrottle } from './two-factor-throttle';

export const RESET_TTL_MS = 3600 * 1000;
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

// The signed-in user's own account: sessions, password, second factor; plus the reset-by-mail flow.
@Injectable()
export class ProfileService {
  constructor(
    private readonly repo: AuthRepository,
    private readonly activity: ActivityService,
    private readonly mailer: UserMailer,
    private readonly enroller: TotpEnroller,
    private readonly policy: TwoFactorPolicy,
    private readonly totp: TotpVerifier,
    private readonly secondFactor: TwoFactorThrottle,
    private readonly revocations: AccessRevocations,
  ) {}

  async sessions(actor: Actor): Promise<SessionView[]> {
    const rows = await this.repo.activeSessions(actor.principal.userId);
    return rows.map((s) => ({
      id: s.familyId,
      ip: s.ip,
      userAgent: s.userAgent,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: (s.lastUsedAt ?? s.createdAt).toISOString(),
      current: s.familyId === actor.principal.sessionFamilyId,
    }));
  }

  async revokeSession(actor: Actor, familyId: string): Promise<void> {
    if (!(await this.repo.revokeUserFamily(actor.principal.userId, familyId, 'revoked_by_user'))) {
      throw notFound('Session');
    }
    await this.revocations.publish({ sessionFamilyId: familyId });
    await this.audit(actor, 'auth.session_revoke', 'session', familyId);
  }

  async changePassword(actor: Actor, input: ChangePasswordInput): Promise<void> {
    const user = await this.repo.findUserById(actor.principal.userId);
    if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong');
    }
    await this.repo.setPassword(user.id, await hashPassword(input.newPassword));
    // Other devices must sign in again with the new password; this one stays.
    await this.repo.revokeOtherFamilies(
      user.id,
      actor.principal.sessionFamilyId,
      'password_changed',
    );
    await this.revocations.publish({ userId: user.id });
    await this.audit(actor, 'auth.password_change', 'user', user.id);
  }

  async totpSetup(actor: Actor): Promise<{ secret: string; otpauthUrl: string }> {
    const user = await this.repo.findUserById(actor.principal.userId);
    if (!user) throw notFound('User');
    return this.enroller.begin(user);
  }

  async totpEnable(actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
    const user = await this.repo.findUserById(actor.principal.userId);
    if (!user) throw notFound('User');
    const result = await this.enroller.finish(user, code);
    await this.audit(actor, 'auth.totp_enable', 'user', user.id);
    return result;
  }

  async totpDisable(actor: Actor, code: string): Promise<void> {
    const user = await this.repo.findUserById(actor.principal.userId);
    if (!user?.totpSecret || !user.totpEnabledAt) {
      throw new AppError('BAD_REQUEST', 'Two-factor authentication is not on');
    }
    if (await this.policy.isRequired(user)) {
      throw new AppError(
        'BAD_REQUEST',
        user.companyId
          ? 'Your company requires two-factor authentication, so it cannot be turned off'
          : 'Two-factor authentication is required for all staff, so it cannot be turned off',
      );
    }
    // Counted like a sign-in code: a stolen session must not be able to guess its way to turning
    // the second factor off.
    await this.secondFactor.before(actor.meta.ip, user.email);
    if (!(await this.totp.verifyTotp(user.id, code))) {
      await this.secondFactor.failed(actor.meta.ip, user.email);
      throw new AppError('TOTP_INVALID', 'The verification code is wrong or was already used');
    }
    await this.secondFactor.succeeded(user.email);
    await this.repo.setTotp(user.id, {
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      recoveryCodes: null,
    });
    await this.audit(actor, 'auth.totp_disable', 'user', user.id);
  }

  async totpEnabled(userId: string): Promise<boolean> {
    return Boolean((await this.repo.findUserById(userId))?.totpEnabledAt);
  }

  /** Always succeeds from the caller's view so it cannot be used to probe for accounts. */
  async forgotPassword(email: string, meta: RequestMeta): Promise<void> {
    const user = await this.repo.findUserByEmail(email);
    if (!user || user.status === 'disabled') return;
    const token = randomBytes(32).toString('base64url');
    await this.repo.createUserToken({
      userId: user.id,
      kind: 'password_reset',
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + RESET_TTL_MS),
    });
    await this.mailer.sendPasswordReset(user, token);
    await this.activity.record({
      action: 'auth.password_reset_request',
      companyId: user.companyId,
      actorEmail: email,
      resourceType: 'user',
      resourceId: user.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
  }

  /** Sets a password from an emailed reset or invite token; ends every session of the account. */
  async resetPassword(input: ResetPasswordInput, meta: RequestMeta): Promise<void> {
    const row = await this.repo.findUserToken(sha256(input.token));
    const invalid = new AppError('BAD_REQUEST', 'This link is invalid or has expired');
    if (!row || row.usedAt || row.expiresAt.getTime() <= Date.now()) throw invalid;
    const user = await this.repo.findUserById(row.userId);
    if (!user || user.status === 'disabled') throw invalid;
    if (!(await this.repo.consumeUserToken(row.id))) throw invalid;
    await this.repo.setPassword(user.id, await hashPassword(input.password));
    await this.repo.activateInvited(user.id);
    await this.repo.revokeOtherFamilies(user.id, undefined, 'password_reset');
    await this.revocations.publish({ userId: user.id });
    await this.activity.record({
      action: row.kind === 'invite' ? 'auth.invite_accept' : 'auth.password_reset',
      companyId: user.companyId,
      actor: { userId: user.id, email: user.email, via: 'jwt' },
      resourceType: 'user',
      resourceId: user.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
  }

  private audit(actor: Actor, action: string, resourceType: string, resourceId: string) {
    return this.activity.record({
      action,
      companyId: actor.principal.companyId,
      actor: actor.principal,
      resourceType,
      resourceId,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
    });
  }
}
