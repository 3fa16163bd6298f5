#!/usr/bin/env node
// A local OpenID provider that behaves like Entra ID for tests: one issuer per tenant at
// http://127.0.0.1:<port>/<tenantId>/v2.0, ID tokens carrying tid, email, preferred_username, name and
// groups. Runs in its own process (oidc-provider is ESM-only, and jest stays CommonJS).
//
// Configuration: JSON in OIDC_TEST_CONFIG (or argv[2]):
//   { port?: 0, autoLogin?: boolean,
//     tenants: [{ tenantId, clients: [{ clientId, clientSecret, redirectUris: [] }],
//                 accounts: [{ sub?, email, name?, groups?: [], tid?, emailClaim?: false,
//                              aliases?: [] }] }] }
// An account's `tid` overrides the tenant's id in its tokens (as Entra's multi-tenant endpoints do),
// so a test can hand a provider for tenant A a token that says tenant B.
// On start it prints one JSON line: { port, issuers: { <tenantId>: <issuer> } }.
// Sign-in: with autoLogin the interaction completes at once for the login_hint account; otherwise a
// minimal form asks for the email (prefilled from login_hint).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG ?? process.argv[2] ?? '{}');
const tenants = config.tenants ?? [];
if (tenants.length === 0) throw new Error('OIDC_TEST_CONFIG needs at least one tenant');

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: 'test-key',
  use: 'sig',
  alg: 'RS256',
};

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 10_000) reject(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function buildProvider(origin, tenant) {
  const prefix = `/${tenant.tenantId}/v2.0`;
  const list = (tenant.accounts ?? []).map((a) => ({ sub: a.sub ?? a.email, ...a }));
  // `aliases`: login hints that sign in as this account (a person picking another account).
  const accounts = new Map(
    list.flatMap((a) => [a.email, ...(a.aliases ?? [])].map((k) => [k.toLowerCase(), a])),
  );
  const bySub = new Map(list.map((a) => [a.sub, a]));
  const provider = new Provider(`${origin}${prefix}`, {
    clients: (tenant.clients ?? []).map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: {
      openid: ['sub', 'tid'],
      email: ['email'],
      profile: ['name', 'preferred_username', 'groups'],
    },
    // Entra puts the requested claims straight into the ID token.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
    // First-party app: no consent screen, the grant is made on the spot.
    async loadExistingGrant(ctx) {
      const { client, session } = ctx.oidc;
      const existing = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      if (!session.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({
        clientId: client.clientId,
        accountId: session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, sub) {
      const a = bySub.get(sub);
      if (!a) return undefined;
      return {
        accountId: a.sub,
        claims: () => ({
          sub: a.sub,
          tid: a.tid ?? tenant.tenantId,
          ...(a.emailClaim === false ? {} : { email: a.email }),
          preferred_username: a.email,
          name: a.name ?? a.email,
          groups: a.groups ?? [],
        }),
      };
    },
    ttl: {
      Interaction: 600,
      Session: 600,
      Grant: 600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
  });
  provider.proxy = false;

  const finish = async (req, res, email) => {
    const account = accounts.get(String(email ?? '').toLowerCase());
    const result = account
      ? { login: { accountId: account.sub } }
      : { error: 'access_denied', error_description: 'unknown account' };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  };

  // Interaction pages live under the issuer path; everything else is the provider itself.
  const interaction = new RegExp(`^${prefix.replace(/[.]/g, '\\.')}/interaction/([^/?]+)(/login)?`);
  const callback = provider.callback();
  return {
    prefix,
    issuer: `${origin}${prefix}`,
    async handle(req, res) {
      const m = interaction.exec(req.url);
      if (m) {
        const details = await provider.interactionDetails(req, res);
        if (req.method === 'POST' && m[2]) {
          const form = await readForm(req);
          return finish(req, res, form.get('email'));
        }
        const hint = details.params.login_hint ?? '';
        if (config.autoLogin) return finish(req, res, hint);
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><html><head><title>Sign in - test identity provider</title></head>
<body><h1>Sign in to ${escapeHtml(tenant.tenantId)}</h1>
<form method="post" action="${prefix}/interaction/${escapeHtml(details.uid)}/login">
<label>Email <input name="email" type="email" value="${escapeHtml(hint)}" autofocus></label>
<button type="submit">Sign in</button></form></body></html>`);
        return;
      }
      req.originalUrl = req.url;
      req.url = req.url.slice(prefix.length) || '/';
      return callback(req, res);
    },
  };
}

const server = createServer();
server.listen(Number(config.port ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  const providers = tenants.map((t) => buildProvider(origin, t));
  server.on('request', (req, res) => {
    const p = providers.find((x) => req.url === x.prefix || req.url.startsWith(`${x.prefix}/`));
    if (!p) {
      res.statusCode = 404;
      res.end('unknown tenant');
      return;
    }
    p.handle(req, res).catch((err) => {
      process.stderr.write(`oidc-provider: ${err.stack ?? err}\n`);
      if (!res.headersSent) res.statusCode = 500;
      res.end('error');
    });
  });
  const issuers = Object.fromEntries(providers.map((p, i) => [tenants[i].tenantId, p.issuer]));
  process.stdout.write(`${JSON.stringify({ port, issuers })}\n`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent closing our stdin (or dying) ends us too, so no orphan keeps a port.
process.stdin.on('end', stop);
process.stdin.resume();
