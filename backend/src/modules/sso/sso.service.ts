import { Injectable, Logger } from '@nestjs/common';
import type { SsoError } from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import type { RequestMeta } from '../../common/http/request-meta';
import { AppConfig } from '../../config/app-config';
import type { IdentityProvider } from '../../generated/prisma/client';
import { AuthService, type IssuedTokens } from '../auth/auth.service';
import { groupMapOf, issuerOf, SSO_CALLBACK_PATH } from './identity-provider.mapper';
import { IdentityProviderRepository } from './identity-provider.repository';
import { IdentityProviderService } from './identity-provider.service';
import { OidcClient } from './oidc-client';
import { SsoDomainsService } from './sso-domains.service';
import { SsoStateStore } from './sso-state.store';
import { domainOf, identityFromClaims, SsoRefusal, type ProviderRules } from './sso-rules';

export type SsoOutcome = { ok: true; tokens: IssuedTokens } | { ok: false; reason: SsoError };

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

@Injectable()
export class SsoService {
  private readonly logger = new Logger('Sso');

  constructor(
    private readonly repo: IdentityProviderRepository,
    private readonly providers: IdentityProviderService,
    private readonly oidc: OidcClient,
    private readonly state: SsoStateStore,
    private readonly auth: AuthService,
    private readonly activity: ActivityService,
    private readonly config: AppConfig,
    private readonly domains: SsoDomainsService,
  ) {}

  get redirectUri(): string {
    return `${this.config.publicUrl.replace(/\/+$/, '')}${SSO_CALLBACK_PATH}`;
  }

  /** Where to send the browser: the provider's authorization URL, or null for a refusal reason. */
  /**
   * `portal`: the company whose mapped host the sign-in page is on. There the button goes straight
   * to that company's own provider (no email needed; one given is only a login hint).
   */
  async start(
    rawEmail: string | undefined,
    meta: RequestMeta,
    portal: { id: string } | null = null,
  ): Promise<{ url: string } | { reason: SsoError }> {
    const email = rawEmail?.trim().toLowerCase() ?? '';
    if (email ? !EMAIL.test(email) : !portal) return { reason: 'invalid_request' };
    const provider = portal
      ? await this.providerOfCompany(portal.id)
      : await this.providerForDomain(domainOf(email));
    if (!provider) {
      await this.failed('sso_not_configured', email || null, portal?.id ?? null, meta);
      return { reason: 'sso_not_configured' };
    }
    try {
      const req = await this.oidc.authorizationRequest(
        this.settings(provider),
        this.redirectUri,
        email || null,
      );
      await this.state.put(req.state, {
        providerId: provider.id,
        codeVerifier: req.codeVerifier,
        nonce: req.nonce,
        email,
        portalCompanyId: portal?.id ?? null,
      });
      return { url: req.url.href };
    } catch (err) {
      this.logger.warn(`discovery for provider ${provider.id} failed: ${(err as Error).message}`);
      await this.failed('provider_error', email || null, provider.companyId, meta);
      return { reason: 'provider_error' };
    }
  }

  /** `portal`: the company whose mapped host the callback arrived on (null: platform host). */
  async callback(
    query: URLSearchParams,
    meta: RequestMeta,
    portal: { id: string } | null = null,
  ): Promise<SsoOutcome> {
    const stateParam = query.get('state');
    const pending = stateParam ? await this.state.take(stateParam) : null;
    if (!pending) {
      await this.failed('invalid_state', null, null, meta);
      return { ok: false, reason: 'invalid_state' };
    }
    const provider = await this.repo.findById(pending.providerId);
    if (!provider || !provider.enabled) {
      await this.failed('sso_not_configured', pending.email, null, meta);
      return { ok: false, reason: 'sso_not_configured' };
    }
    // A company's address signs in only that company's people: a sign-in started through another
    // directory (or on another company's address) is refused before any code exchange.
    const portalId = pending.portalCompanyId ?? portal?.id ?? null;
    if (portalId && provider.companyId !== portalId) {
      await this.failed('user_other_company', pending.email || null, portalId, meta);
      return { ok: false, reason: 'user_other_company' };
    }
    let claims: Record<string, unknown>;
    try {
      // The redirect URI we registered, with the provider's answer: behind a proxy the request URL
      // may not match PUBLIC_URL, and the token request must repeat the redirect URI exactly.
      const url = new URL(this.redirectUri);
      url.search = query.toString();
      claims = await this.oidc.exchange(this.settings(provider), url, {
        state: stateParam!,
        nonce: pending.nonce,
        codeVerifier: pending.codeVerifier,
      });
    } catch (err) {
      const reason: SsoError = query.has('error') ? 'provider_error' : 'token_invalid';
      this.logger.warn(`SSO code exchange refused (${reason}): ${(err as Error).message}`);
      await this.failed(reason, pending.email || null, provider.companyId, meta);
      return { ok: false, reason };
    }
    try {
      const userId = await this.resolveUser(provider, claims);
      const tokens = await this.auth.startSession(userId, meta);
      await this.activity.record({
        action: 'auth.sso_login',
        companyId: provider.companyId,
        actor: { userId, email: tokens.body.user.email, via: 'jwt' },
        resourceType: 'user',
        resourceId: userId,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { providerId: provider.id, role: tokens.body.user.role },
      });
      return { ok: true, tokens };
    } catch (err) {
      if (!(err instanceof SsoRefusal)) throw err;
      await this.failed(err.reason, err.email ?? (pending.email || null), provider.companyId, meta);
      return { ok: false, reason: err.reason };
    }
  }

  private async resolveUser(
    provider: IdentityProvider,
    claims: Record<string, unknown>,
  ): Promise<string> {
    const rules: ProviderRules = {
      companyId: provider.companyId,
      tenantId: provider.tenantId,
      allowedDomains: await this.domains.verifiedDomains(provider),
      groupRoleMap: groupMapOf(provider),
      defaultRole: provider.defaultRole,
    };
    const id = identityFromClaims(rules, claims);
    const refuse = (reason: SsoError) => new SsoRefusal(reason, id.email);
    if (provider.companyId) {
      const company = await this.repo.findCompanyStatus(provider.companyId);
      if (!company) throw refuse('sso_not_configured');
      if (company.status !== 'active') throw refuse('company_suspended');
    }
    const user = await this.repo.findUserByEmail(id.email);
    if (!user) {
      if (!provider.jitProvisioning) throw refuse('user_not_provisioned');
      const created = await this.repo.createUser({
        email: id.email,
        name: id.name,
        role: id.role,
        companyId: provider.companyId,
      });
      return created.id;
    }
    // A directory may only sign in accounts of its own company (staff: of no company).
    if (user.companyId !== provider.companyId) throw refuse('user_other_company');
    if (user.status === 'disabled') throw refuse('user_disabled');
    // Groups are the source of truth for the role; signing in through the directory also completes
    // a pending invitation.
    if (user.role !== id.role || user.status !== 'active') {
      await this.repo.updateOnLogin(user.id, id.role);
    }
    return user.id;
  }

  /** The provider a domain routes to: only a verified domain of an enabled provider does. */
  private async providerForDomain(domain: string): Promise<IdentityProvider | null> {
    if (!domain) return null;
    const provider = await this.repo.findByVerifiedDomain(domain);
    return provider?.enabled ? provider : null;
  }

  private async providerOfCompany(companyId: string): Promise<IdentityProvider | null> {
    const provider = await this.repo.findByCompanyId(companyId);
    return provider?.enabled ? provider : null;
  }

  private settings(p: IdentityProvider) {
    return {
      issuer: issuerOf(p),
      clientId: p.clientId,
      clientSecret: this.providers.decryptSecret(p),
    };
  }

  private failed(
    reason: SsoError,
    email: string | null,
    companyId: string | null,
    meta: RequestMeta,
  ) {
    return this.activity.record({
      action: 'auth.sso_failed',
      result: 'failure',
      companyId,
      actorEmail: email,
      resourceType: 'identity_provider',
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { reason },
    });
  }
}
