import { Injectable } from '@nestjs/common';
import type {
  PasskeyLoginInput,
  PasskeyOptionsResponse,
  PasskeyRegistrationInput,
  PasskeyView,
} from '@multpanel/contracts';
import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Actor } from '../../common/auth/actor';
import { ActivityService } from '../../common/audit/activity.service';
import { AppError, notFound } from '../../common/errors/app-error';
import type { RequestMeta } from '../../common/http/request-meta';
import { AppConfig } from '../../config/app-config';
import type { Passkey } from '../../generated/prisma/client';
import { AuthRepository } from './auth.repository';
import { AuthService, type IssuedTokens } from './auth.service';
import { PasskeyChallengeStore } from './passkey-challenge.store';
import { PasskeyRepository } from './passkey.repository';
import { TwoFactorThrottle } from './two-factor-throttle';

export const MAX_PASSKEYS_PER_USER = 20;

// @simplewebauthn/server is loaded on the first passkey request, not at start-up.
const webauthn = () => import('@simplewebauthn/server');

const refused = () => new AppError('INVALID_CREDENTIALS', 'This passkey was not accepted');
const expired = () =>
  new AppError('UNAUTHENTICATED', 'This passkey request has expired; please try again');

const toView = (p: Passkey): PasskeyView => ({
  id: p.id,
  name: p.name,
  createdAt: p.createdAt.toISOString(),
  lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
});

/**
 * Passkeys (WebAuthn, user verification required): a person registers several, names and removes
 * them, and signs in with one without a password. The relying party is PUBLIC_URL's host and the
 * only accepted origin is PUBLIC_URL's. Failed sign-ins count like wrong TOTP codes; a signature
 * counter that does not move forward (a cloned authenticator) is refused.
 */
@Injectable()
export class PasskeyService {
  constructor(
    private readonly repo: PasskeyRepository,
    private readonly users: AuthRepository,
    private readonly challenges: PasskeyChallengeStore,
    private readonly throttle: TwoFactorThrottle,
    private readonly auth: AuthService,
    private readonly activity: ActivityService,
    private readonly config: AppConfig,
  ) {}

  private get rp() {
    const url = new URL(this.config.publicUrl);
    return { id: url.hostname, origin: url.origin };
  }

  async list(actor: Actor): Promise<PasskeyView[]> {
    return (await this.repo.listFor(actor.principal.userId)).map(toView);
  }

  async registrationOptions(actor: Actor): Promise<PasskeyOptionsResponse> {
    const existing = await this.repo.listFor(actor.principal.userId);
    if (existing.length >= MAX_PASSKEYS_PER_USER) {
      throw new AppError('CONFLICT', `At most ${MAX_PASSKEYS_PER_USER} passkeys per account`);
    }
    const options = await (
      await webauthn()
    ).generateRegistrationOptions({
      rpName: 'Multpanel',
      rpID: this.rp.id,
      userName: actor.principal.email,
      userDisplayName: actor.principal.name,
      userID: new TextEncoder().encode(actor.principal.userId),
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({
        id: p.credentialId,
        transports: transportsOf(p),
      })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const challengeId = await this.challenges.put('reg', {
      challenge: options.challenge,
      userId: actor.principal.userId,
    });
    return { challengeId, options: options as unknown as Record<string, unknown> };
  }

  async register(actor: Actor, input: PasskeyRegistrationInput): Promise<PasskeyView> {
    const pending = await this.challenges.take('reg', input.challengeId);
    if (!pending || pending.userId !== actor.principal.userId) throw expired();
    let info;
    try {
      const result = await (
        await webauthn()
      ).verifyRegistrationResponse({
        response: input.credential as RegistrationResponseJSON,
        expectedChallenge: pending.challenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.id,
        requireUserVerification: true,
      });
      if (!result.verified) throw new Error('not verified');
      info = result.registrationInfo;
    } catch (err) {
      throw new AppError('VALIDATION_FAILED', `The passkey could not be verified: ${msg(err)}`);
    }
    if (await this.repo.findByCredentialId(info.credential.id)) {
      throw new AppError('CONFLICT', 'This passkey is already registered');
    }
    const row = await this.repo.create({
      userId: actor.principal.userId,
      credentialId: info.credential.id,
      publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      counter: info.credential.counter,
      transports: info.credential.transports ?? [],
      name: input.name.trim(),
    });
    await this.record(actor, 'auth.passkey_add', row);
    return toView(row);
  }

  async rename(actor: Actor, id: string, name: string): Promise<PasskeyView> {
    const row = await this.repo.rename(actor.principal.userId, id, name.trim());
    if (!row) throw notFound('Passkey');
    await this.record(actor, 'auth.passkey_rename', row);
    return toView(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const rows = await this.repo.listFor(actor.principal.userId);
    const row = rows.find((p) => p.id === id);
    if (!row || !(await this.repo.remove(actor.principal.userId, id))) throw notFound('Passkey');
    await this.record(actor, 'auth.passkey_remove', row);
  }

  /** Options for a passwordless sign-in: any account's discoverable passkey may answer. */
  async loginOptions(meta: RequestMeta): Promise<PasskeyOptionsResponse> {
    await this.throttle.before(meta.ip, null);
    const options = await (
      await webauthn()
    ).generateAuthenticationOptions({
      rpID: this.rp.id,
      userVerification: 'required',
      allowCredentials: [],
    });
    const challengeId = await this.challenges.put('auth', {
      challenge: options.challenge,
      userId: null,
    });
    return { challengeId, options: options as unknown as Record<string, unknown> };
  }

  async login(input: PasskeyLoginInput, meta: RequestMeta): Promise<IssuedTokens> {
    await this.throttle.before(meta.ip, null);
    const pending = await this.challenges.take('auth', input.challengeId);
    if (!pending) throw expired();
    const passkey = await this.repo.findByCredentialId(input.credential.id);
    const user = passkey ? await this.users.findUserById(passkey.userId) : null;
    const fail = async (reason: string) => {
      await this.throttle.failed(meta.ip, user?.email ?? null);
      await this.activity.record({
        action: 'auth.passkey_login',
        result: 'failure',
        companyId: user?.companyId ?? null,
        actorEmail: user?.email ?? null,
        resourceType: 'user',
        resourceId: user?.id,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { reason },
      });
      return refused();
    };
    if (!passkey || !user) throw await fail('unknown_passkey');
    await this.throttle.before(meta.ip, user.email);
    const handle = input.credential.response.userHandle;
    if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== user.id) {
      throw await fail('wrong_user_handle');
    }
    let newCounter: number;
    try {
      const result = await (
        await webauthn()
      ).verifyAuthenticationResponse({
        response: input.credential as AuthenticationResponseJSON,
        expectedChallenge: pending.challenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.id,
        requireUserVerification: true,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
          counter: Number(passkey.counter),
          transports: transportsOf(passkey),
        },
      });
      if (!result.verified) throw new Error('not verified');
      newCounter = result.authenticationInfo.newCounter;
    } catch (err) {
      // simplewebauthn refuses a counter that did not grow: a cloned authenticator.
      throw await fail(/counter/i.test(msg(err)) ? 'counter_not_increased' : 'bad_signature');
    }
    if (!(await this.repo.advanceCounter(passkey.id, passkey.counter, newCounter))) {
      throw await fail('counter_race');
    }
    if (user.status !== 'active') throw await fail('disabled');
    if (user.company && user.company.status !== 'active') throw await fail('company_suspended');
    await this.throttle.succeeded(user.email);
    const tokens = await this.auth.startSession(user.id, meta);
    await this.activity.record({
      action: 'auth.login',
      companyId: user.companyId,
      actor: { userId: user.id, email: user.email, via: 'jwt' },
      resourceType: 'user',
      resourceId: user.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { via: 'passkey', passkeyId: passkey.id },
    });
    return tokens;
  }

  private record(actor: Actor, action: string, p: Passkey) {
    return this.activity.record({
      action,
      companyId: actor.principal.companyId,
      actor: actor.principal,
      resourceType: 'passkey',
      resourceId: p.id,
      ip: actor.meta.ip,
      userAgent: actor.meta.userAgent,
      details: { name: p.name },
    });
  }
}

const msg = (err: unknown) => (err instanceof Error ? err.message : String(err));

function transportsOf(p: Passkey): AuthenticatorTransportFuture[] {
  return Array.isArray(p.transports) ? (p.transports as AuthenticatorTransportFuture[]) : [];
}
