import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  permissionsForRole,
  type LoginInput,
  type MeResponse,
  type TotpEnrollConfirmInput,
  type TotpEnrollmentRequired,
  type TotpEnrollResponse,
} from '@multpanel/contracts';
import { AccessRevocations } from '../../common/auth/access-revocations';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  AccessTokenService,
} from '../../common/auth/access-token.service';
import { isApiKey } from '../../common/auth/api-key-format';
import { PrincipalService } from '../../common/auth/principal.service';
import type { Principal } from '../../common/auth/scope';
import { ActivityService } from '../../common/audit/activity.service';
import { verifyPassword } from '../../common/crypto/password';
import { AppError } from '../../common/errors/app-error';
import type { RequestMeta } from '../../common/http/request-meta';
import { LdapSignInService } from '../ldap/ldap-sign-in.service';
import { toAuthUser } from './auth.mapper';
import { AuthRepository } from './auth.repository';
import { EnrollmentTokenStore } from './enrollment-token.store';
import { PasskeyRepository } from './passkey.repository';
import { LoginThrottle } from './login-throttle';
import { TotpEnroller } from './totp-enroller';
import { TotpVerifier } from './totp-verifier';
import { TwoFactorPolicy } from './two-factor-policy';
import { TwoFactorThrottle } from './two-factor-throttle';
import {
  hashRefreshToken,
  newRefreshToken,
  REFRESH_TTL_MS,
  ROTATION_GRACE_MS,
} from './refresh-token';

export interface IssuedTokens {
  body: {
    status: 'ok';
    accessToken: string;
    expiresIn: number;
    user: ReturnType<typeof toAuthUser>;
    permissions: ReturnType<typeof permissionsForRole>;
  };
  refreshToken: string;
}

const invalid = () => new AppError('INVALID_CREDENTIALS', 'Email or password is incorrect');
const sessionGone = () => new AppError('UNAUTHENTICATED', 'Session expired; please sign in again');
const enrollmentGone = () =>
  new AppError('UNAUTHENTICATED', 'This sign-in step has expired; please sign in again');

@Injectable()
export class AuthService {
  constructor(
    private readonly repo: AuthRepository,
    private readonly tokens: AccessTokenService,
    private readonly activity: ActivityService,
    private readonly totp: TotpVerifier,
    private readonly throttle: LoginThrottle,
    private readonly secondFactor: TwoFactorThrottle,
    private readonly policy: TwoFactorPolicy,
    private readonly enroller: TotpEnroller,
    private readonly enrollments: EnrollmentTokenStore,
    private readonly revocations: AccessRevocations,
    private readonly principals: PrincipalService,
    private readonly ldap: LdapSignInService,
    private readonly passkeys: PasskeyRepository,
  ) {}

  /**
   * `portal`: the company whose mapped host name this sign-in page is on (branding); only its users
   * (and MSP staff) may sign in there.
   */
  async login(
    input: LoginInput,
    meta: RequestMeta,
    portal: { id: string; name: string } | null = null,
  ): Promise<
    | IssuedTokens
    | { status: 'totp_required' }
    | { status: 'passkey_required' }
    | TotpEnrollmentRequired
  > {
    await this.throttle.beforeLogin(meta.ip, input.email);
    if (input.totpCode) await this.secondFactor.before(meta.ip, input.email);
    let user = await this.repo.findUserByEmail(input.email);
    // A directory-routed address: the directory checks the password and its groups set the role.
    const directory = await this.ldap.signIn(input.email, input.password, user);
    if (directory.kind === 'ok') user = await this.repo.findUserById(directory.userId);
    const ok =
      directory.kind === 'local'
        ? await verifyPassword(user?.passwordHash ?? null, input.password)
        : directory.kind !== 'bad_password';
    const fail = async (reason: string, err: AppError) => {
      await this.activity.record({
        action: 'auth.login',
        result: 'failure',
        companyId: user?.companyId ?? null,
        actorEmail: input.email,
        resourceType: 'user',
        resourceId: user?.id,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details:
          directory.kind === 'local'
            ? { reason }
            : { reason, ldapDirectoryId: directory.directoryId },
      });
      return err;
    };
    if (directory.kind === 'refused') {
      // The directory accepted the password: the precise reason leaks nothing.
      await this.throttle.loginSucceeded(input.email);
      throw await fail(directory.reason, new AppError('FORBIDDEN', directory.message));
    }
    if (!user || !ok) {
      await this.throttle.loginFailed(meta.ip, input.email);
      if (user) await this.repo.recordLoginFailure(user.id);
      throw await fail('bad_password', invalid());
    }
    // The password is proven from here on, so precise reasons do not leak account existence.
    if (user.status !== 'active') {
      throw await fail('disabled', new AppError('FORBIDDEN', 'This account is disabled'));
    }
    if (user.company && user.company.status !== 'active') {
      throw await fail('company_suspended', new AppError('FORBIDDEN', 'Your company is suspended'));
    }
    if (portal && user.companyId !== null && user.companyId !== portal.id) {
      throw await fail(
        'other_portal',
        new AppError(
          'FORBIDDEN',
          `This sign-in page is ${portal.name}'s. Sign in at your own company's address instead.`,
        ),
      );
    }
    // A passkey is the second factor instead of TOTP where one is required, and the only way in
    // where the company requires phishing-resistant sign-in (once the person has registered one).
    if (
      (await this.passkeys.countFor(user.id)) > 0 &&
      (user.company?.requirePhishingResistantMfa ||
        (!user.totpEnabledAt && (await this.policy.isRequired(user))))
    ) {
      await this.throttle.loginSucceeded(input.email);
      await this.recordUserEvent(user, meta, 'auth.passkey_required');
      return { status: 'passkey_required' };
    }
    if (!user.totpEnabledAt && (await this.policy.isRequired(user))) {
      // No session until a second factor is set up; the token only unlocks the enrolment routes.
      await this.throttle.loginSucceeded(input.email);
      const enrollmentToken = await this.enrollments.issue(user.id);
      await this.recordUserEvent(user, meta, 'auth.totp_enrollment_required');
      return { status: 'totp_enrollment_required', enrollmentToken };
    }
    if (user.totpEnabledAt) {
      if (!input.totpCode) return { status: 'totp_required' };
      if (!(await this.totp.verifyForLogin(user.id, input.totpCode))) {
        await this.secondFactor.failed(meta.ip, input.email);
        throw await fail(
          'bad_totp',
          new AppError('TOTP_INVALID', 'The verification code is wrong or was already used'),
        );
      }
      await this.secondFactor.succeeded(input.email);
    }
    await this.throttle.loginSucceeded(input.email);
    await this.repo.recordLoginSuccess(user.id, meta.ip);
    const issued = await this.issue(user, randomUUID(), meta);
    await this.recordUserEvent(
      user,
      meta,
      'auth.login',
      'success',
      directory.kind === 'ok' ? { via: 'ldap', ldapDirectoryId: directory.directoryId } : undefined,
    );
    return issued;
  }

  /** A new session for a user whose identity another mechanism proved (SSO); same tokens as login. */
  async startSession(userId: string, meta: RequestMeta): Promise<IssuedTokens> {
    const user = await this.repo.findUserById(userId);
    if (!user) throw sessionGone();
    await this.repo.recordLoginSuccess(user.id, meta.ip);
    return this.issue(user, randomUUID(), meta);
  }

  /** Required enrolment, step 1: a pending secret for the account the token was issued to. */
  async enroll(enrollmentToken: string): Promise<TotpEnrollResponse> {
    return this.enroller.begin(await this.enrollingUser(enrollmentToken));
  }

  /** Required enrolment, step 2: a right code turns 2FA on, uses the token up and signs in. */
  async confirmEnrollment(
    input: TotpEnrollConfirmInput,
    meta: RequestMeta,
  ): Promise<IssuedTokens & { recoveryCodes: string[] }> {
    const user = await this.enrollingUser(input.enrollmentToken);
    const audit = (
      action: string,
      result: 'success' | 'failure',
      details?: Record<string, unknown>,
    ) => this.recordUserEvent(user, meta, action, result, details);
    try {
      this.enroller.checkPending(user, input.code);
    } catch (err) {
      if (err instanceof AppError && err.code === 'TOTP_INVALID') {
        await this.enrollments.failedAttempt(input.enrollmentToken);
        await audit('auth.totp_enrollment', 'failure', { reason: 'bad_totp' });
      }
      throw err;
    }
    // Consume before enabling so two racing confirmations cannot both end in a session.
    if ((await this.enrollments.consume(input.enrollmentToken)) !== user.id) throw enrollmentGone();
    const { recoveryCodes } = await this.enroller.finish(user, input.code);
    await audit('auth.totp_enable', 'success', { required: true });
    await this.repo.recordLoginSuccess(user.id, meta.ip);
    const issued = await this.issue(user, randomUUID(), meta);
    await audit('auth.login', 'success', { via: 'totp_enrollment' });
    return { ...issued, recoveryCodes };
  }

  private async enrollingUser(enrollmentToken: string) {
    const userId = await this.enrollments.peek(enrollmentToken);
    const user = userId ? await this.repo.findUserById(userId) : null;
    if (!user || user.status !== 'active' || (user.company && user.company.status !== 'active')) {
      throw enrollmentGone();
    }
    if (user.totpEnabledAt) {
      throw new AppError('CONFLICT', 'Two-factor authentication is already on; sign in again');
    }
    return user;
  }

  /** An activity entry about a user's own sign-in step, with the request's address. */
  private recordUserEvent(
    user: { id: string; email: string; companyId: string | null },
    meta: RequestMeta,
    action: string,
    result: 'success' | 'failure' = 'success',
    details?: Record<string, unknown>,
  ) {
    return this.activity.record({
      action,
      result,
      companyId: user.companyId,
      actor: { userId: user.id, email: user.email, via: 'jwt' },
      resourceType: 'user',
      resourceId: user.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details,
    });
  }

  async refresh(token: string | undefined, meta: RequestMeta): Promise<IssuedTokens> {
    if (!token) throw sessionGone();
    const session = await this.repo.findSessionByHash(hashRefreshToken(token));
    if (!session) throw sessionGone();
    if (session.revokedAt) {
      const raced =
        session.revokedReason === 'rotated' &&
        Date.now() - session.revokedAt.getTime() < ROTATION_GRACE_MS;
      if (raced) {
        // Two tabs (or a page left mid-refresh) sent the same cookie: the loser of the race gets its
        // own token in the same family instead of a sign-out. Any revocation of the family replaces
        // the 'rotated' reason, so a logged-out or revoked family never gets here.
        return this.issueFor(session, meta);
      }
      if (session.revokedReason === 'rotated') {
        // An already-rotated token came back: assume it was stolen and end the whole family.
        await this.repo.revokeFamily(session.familyId, 'reuse_detected');
        await this.revocations.publish({ sessionFamilyId: session.familyId });
        await this.activity.record({
          action: 'auth.refresh_reuse',
          result: 'failure',
          resourceType: 'session',
          resourceId: session.familyId,
          ip: meta.ip,
          userAgent: meta.userAgent,
        });
      }
      throw sessionGone();
    }
    if (session.expiresAt.getTime() <= Date.now()) throw sessionGone();
    // Lost the rotation to a parallel request: read the token again, now as a rotated one.
    if (!(await this.repo.markRotated(session.id))) return this.refresh(token, meta);
    return this.issueFor(session, meta);
  }

  /** New tokens for a refresh session's family, unless its user or company is no longer active. */
  private async issueFor(
    session: { userId: string; familyId: string },
    meta: RequestMeta,
  ): Promise<IssuedTokens> {
    const user = await this.repo.findUserById(session.userId);
    if (!user || user.status !== 'active' || (user.company && user.company.status !== 'active')) {
      await this.repo.revokeFamily(session.familyId, 'account_inactive');
      throw sessionGone();
    }
    return this.issue(user, session.familyId, meta);
  }

  /**
   * Ends the session family named by the refresh cookie and the one named by a bearer access token
   * (an API client that never held the cookie); an invalid or foreign credential ends nothing.
   */
  async logout(
    refreshToken: string | undefined,
    accessToken: string | null,
    meta: RequestMeta,
  ): Promise<void> {
    const sessions = new Map<string, string>();
    const cookieSession = refreshToken
      ? await this.repo.findSessionByHash(hashRefreshToken(refreshToken))
      : null;
    if (cookieSession) sessions.set(cookieSession.familyId, cookieSession.userId);
    if (accessToken && !isApiKey(accessToken)) {
      const claims = await this.tokens.verify(accessToken).catch(() => null);
      if (claims) sessions.set(claims.sid, claims.sub);
    }
    for (const [familyId, userId] of sessions) {
      await this.repo.revokeFamily(familyId, 'logout');
      await this.revocations.publish({ sessionFamilyId: familyId });
      const user = await this.repo.findUserById(userId);
      await this.activity.record({
        action: 'auth.logout',
        companyId: user?.companyId ?? null,
        actor: user ? { userId: user.id, email: user.email, via: 'jwt' } : null,
        resourceType: 'session',
        resourceId: familyId,
        ip: meta.ip,
        userAgent: meta.userAgent,
      });
    }
  }

  async me(principal: Principal): Promise<MeResponse> {
    const row = await this.repo.findUserById(principal.userId);
    return {
      user: {
        totpEnabled: Boolean(row?.totpEnabledAt),
        totpRequired: row ? await this.policy.isRequired(row) : false,
        id: principal.userId,
        email: principal.email,
        name: principal.name,
        role: principal.role,
        companyId: principal.companyId,
        companyName: principal.companyName,
      },
      permissions: principal.permissions,
    };
  }

  private async issue(
    user: NonNullable<Awaited<ReturnType<AuthRepository['findUserById']>>>,
    familyId: string,
    meta: RequestMeta,
  ): Promise<IssuedTokens> {
    const refresh = newRefreshToken();
    await this.repo.createSession({
      userId: user.id,
      familyId,
      tokenHash: refresh.hash,
      expiresAt: new Date(Date.now() + REFRESH_TTL_MS),
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    const accessToken = await this.tokens.sign({ sub: user.id, sid: familyId });
    return {
      body: {
        status: 'ok',
        accessToken,
        expiresIn: ACCESS_TOKEN_TTL_SECONDS,
        user: toAuthUser(user),
        permissions: await this.principals.permissionsOf(user.id, user.role),
      },
      refreshToken: refresh.token,
    };
  }
}
