import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';

// Thin seam over openid-client: discovery (cached per issuer + client), the authorization URL with
// PKCE/state/nonce, and the code exchange with ID token validation (issuer, audience, nonce,
// signature via the discovered JWKS).

export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

const DISCOVERY_TTL_MS = 10 * 60_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

@Injectable()
export class OidcClient {
  private readonly cache = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();

  async authorizationRequest(
    settings: OidcClientSettings,
    redirectUri: string,
    loginHint: string | null,
  ): Promise<AuthorizationRequest> {
    const config = await this.configuration(settings);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile email',
      response_type: 'code',
      response_mode: 'query',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      // A company's own sign-in address starts without an email: no hint then.
      ...(loginHint ? { login_hint: loginHint } : {}),
    });
    return { url, state, nonce, codeVerifier };
  }

  /** Exchanges the code from `callbackUrl`; returns the validated ID token claims. */
  async exchange(
    settings: OidcClientSettings,
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<Record<string, unknown>> {
    const config = await this.configuration(settings);
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('no ID token in the token response');
    return { ...claims };
  }

  private configuration(s: OidcClientSettings): Promise<oidc.Configuration> {
    const key = `${s.issuer}\n${s.clientId}\n${s.clientSecret}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
    const issuer = new URL(s.issuer);
    // Plain http only for a provider on this machine (tests, development); Entra is always https.
    const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
    const config = oidc.discovery(
      issuer,
      s.clientId,
      { client_secret: s.clientSecret },
      oidc.ClientSecretPost(s.clientSecret),
      { execute: insecure ? [oidc.allowInsecureRequests] : [], timeout: 10 },
    );
    this.cache.set(key, { at: Date.now(), config });
    // A failed discovery must not stick.
    config.catch(() => this.cache.delete(key));
    for (const [k, v] of this.cache)
      if (Date.now() - v.at >= DISCOVERY_TTL_MS) this.cache.delete(k);
    return config;
  }
}
