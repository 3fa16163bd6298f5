import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { sessionStore } from '@/lib/session-store';
import { renderApp, renderWithProviders } from '@/testing/render-app';
import { IdentityProviderCard } from './identity-provider-card';

const stored = {
  id: 'idp-1',
  companyId: '11111111-1111-4111-8111-111111111111',
  type: 'entra',
  tenantId: '11111111-2222-3333-4444-555555555555',
  clientId: 'app-1',
  hasClientSecret: true,
  allowedDomains: ['acme.example'],
  domains: [
    {
      domain: 'acme.example',
      status: 'verified',
      method: 'dns',
      verifiedAt: '2026-11-22T00:00:00.000Z',
      txtName: '_multpanel-challenge.acme.example',
      txtValue: 'multpanel-domain-verification=aaaa',
    },
  ],
  groupRoleMap: { 'grp-admins': 'company_admin' },
  defaultRole: 'user',
  jitProvisioning: true,
  enabled: true,
  issuerOverride: null,
  issuer: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
  redirectUri: 'https://panel.example/api/auth/sso/callback',
  updatedAt: '2026-11-22T00:00:00.000Z',
};

/** The API's answer to a PUT: the saved provider, never the write-only client secret. */
const savedProvider = (sent: unknown) => {
  const { clientSecret: _secret, ...rest } = sent as { clientSecret?: string };
  return { ...stored, ...rest };
};

describe('single sign-on settings', () => {
  it('creates a company provider with domains, a group mapping and a write-only secret', async () => {
    const net = installFakeFetch({
      'GET /api/companies/11111111-1111-4111-8111-111111111111/identity-provider': {
        body: null,
      },
      'PUT /api/companies/11111111-1111-4111-8111-111111111111/identity-provider': (req) => ({
        body: savedProvider(req.body),
      }),
    });
    const user = userEvent.setup();
    const session = sessionFor('company_admin');
    renderApp('/sso', {
      session: {
        ...session,
        user: { ...session.user, companyId: '11111111-1111-4111-8111-111111111111' },
      },
    });

    await screen.findByText('Not configured yet.');
    // Saving without a secret is refused on the client for a new provider.
    await user.type(
      screen.getByRole('textbox', { name: /Directory \(tenant\) ID/ }),
      stored.tenantId,
    );
    await user.type(screen.getByRole('textbox', { name: /Application \(client\) ID/ }), 'app-1');
    await user.type(
      screen.getByRole('textbox', { name: /Allowed email domains/ }),
      'Acme.example, acme.de',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Required for a new provider');
    expect(
      net.callsTo('PUT', '/api/companies/11111111-1111-4111-8111-111111111111/identity-provider'),
    ).toHaveLength(0);

    await user.type(screen.getByLabelText(/Client secret/), 'top-secret');
    await user.click(screen.getByRole('button', { name: 'Add group mapping' }));
    await user.type(screen.getByRole('textbox', { name: /Entra group object ID/ }), 'grp-admins');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(
        net.callsTo('PUT', '/api/companies/11111111-1111-4111-8111-111111111111/identity-provider'),
      ).toHaveLength(1),
    );
    const body = net.callsTo(
      'PUT',
      '/api/companies/11111111-1111-4111-8111-111111111111/identity-provider',
    )[0]!.body;
    expect(body).toMatchObject({
      tenantId: stored.tenantId,
      clientId: 'app-1',
      clientSecret: 'top-secret',
      allowedDomains: ['acme.example', 'acme.de'],
      groupRoleMap: { 'grp-admins': 'user' },
      defaultRole: 'user',
      jitProvisioning: false,
      enabled: true,
    });
    // Company admins cannot point the server at another issuer.
    expect(body).not.toHaveProperty('issuerOverride');
    await screen.findByText('Sign-in settings saved.');
    // The stored secret is never shown; the field now says one is kept.
    expect(screen.getByLabelText(/Client secret/)).toHaveValue('');
    screen.getByText('A secret is stored; leave empty to keep it');
  });

  it('keeps the stored secret when the field stays empty', async () => {
    const net = installFakeFetch({
      'GET /api/companies/11111111-1111-4111-8111-111111111111/identity-provider': { body: stored },
      'PUT /api/companies/11111111-1111-4111-8111-111111111111/identity-provider': (req) => ({
        body: { ...stored, ...(req.body as object) },
      }),
    });
    const user = userEvent.setup();
    const session = sessionFor('company_admin');
    renderApp('/sso', {
      session: {
        ...session,
        user: { ...session.user, companyId: '11111111-1111-4111-8111-111111111111' },
      },
    });
    const domains = await screen.findByRole('textbox', { name: /Allowed email domains/ });
    expect(domains).toHaveValue('acme.example');
    expect(screen.getByRole('textbox', { name: /Redirect URI/ })).toHaveValue(stored.redirectUri);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(
        net.callsTo('PUT', '/api/companies/11111111-1111-4111-8111-111111111111/identity-provider'),
      ).toHaveLength(1),
    );
    const body = net.callsTo(
      'PUT',
      '/api/companies/11111111-1111-4111-8111-111111111111/identity-provider',
    )[0]!.body as object;
    expect(body).not.toHaveProperty('clientSecret');
    expect(body).toMatchObject({ groupRoleMap: { 'grp-admins': 'company_admin' } });
  });

  it('shows the TXT record of a pending domain and checks it on request', async () => {
    const pending = {
      domain: 'acme.de',
      status: 'pending',
      method: null,
      verifiedAt: null,
      txtName: '_multpanel-challenge.acme.de',
      txtValue: 'multpanel-domain-verification=bbbb',
    };
    const withPending = {
      ...stored,
      allowedDomains: ['acme.example', 'acme.de'],
      domains: [...stored.domains, pending],
    };
    const verifyPath =
      '/api/companies/11111111-1111-4111-8111-111111111111/identity-provider/domains/acme.de/verify';
    let published = false;
    const net = installFakeFetch({
      'GET /api/companies/11111111-1111-4111-8111-111111111111/identity-provider': {
        body: withPending,
      },
      [`POST ${verifyPath}`]: () =>
        published
          ? {
              body: {
                ...withPending,
                domains: [
                  stored.domains[0],
                  { ...pending, status: 'verified', method: 'dns', verifiedAt: stored.updatedAt },
                ],
              },
            }
          : {
              status: 400,
              body: {
                statusCode: 400,
                code: 'BAD_REQUEST',
                message: 'No TXT record at _multpanel-challenge.acme.de yet',
              },
            },
    });
    const user = userEvent.setup();
    const session = sessionFor('company_admin');
    renderApp('/sso', {
      session: {
        ...session,
        user: { ...session.user, companyId: '11111111-1111-4111-8111-111111111111' },
      },
    });

    const row = await screen.findByTestId('sso-domain-acme.de');
    expect(within(row).getByText('Not verified: no sign-ins yet')).toBeInTheDocument();
    expect(within(row).getByRole('textbox', { name: 'TXT record name' })).toHaveValue(
      pending.txtName,
    );
    expect(within(row).getByRole('textbox', { name: 'TXT record value' })).toHaveValue(
      pending.txtValue,
    );
    within(screen.getByTestId('sso-domain-acme.example')).getByText('Verified (DNS)');
    // A company admin cannot approve without DNS.
    expect(within(row).queryByRole('button', { name: 'Approve without DNS' })).toBeNull();

    await user.click(within(row).getByRole('button', { name: 'Check DNS now' }));
    await screen.findByText(/No TXT record at _multpanel-challenge.acme.de yet/);
    published = true;
    await user.click(within(row).getByRole('button', { name: 'Check DNS now' }));
    await within(screen.getByTestId('sso-domain-acme.de')).findByText('Verified (DNS)');
    expect(net.callsTo('POST', verifyPath)).toHaveLength(2);
  });

  it('lets a platform administrator approve a company’s pending domain', async () => {
    const pending = { ...stored.domains[0], status: 'pending', method: null, verifiedAt: null };
    const approvePath =
      '/api/companies/11111111-1111-4111-8111-111111111111/identity-provider/domains/acme.example/approve';
    const net = installFakeFetch({
      'GET /api/companies/11111111-1111-4111-8111-111111111111/identity-provider': {
        body: { ...stored, domains: [pending] },
      },
      [`POST ${approvePath}`]: {
        body: { ...stored, domains: [{ ...stored.domains[0], method: 'approval' }] },
      },
    });
    const user = userEvent.setup();
    sessionStore.setSession(sessionFor('super_admin'));
    renderWithProviders(
      <IdentityProviderCard
        target={{ kind: 'company', companyId: '11111111-1111-4111-8111-111111111111' }}
      />,
    );
    const row = await screen.findByTestId('sso-domain-acme.example');
    await user.click(within(row).getByRole('button', { name: 'Approve without DNS' }));
    await within(row).findByText('Approved');
    expect(net.callsTo('POST', approvePath)).toHaveLength(1);
  });

  it('explains an SSO failure on the sign-in page', async () => {
    installFakeFetch({ 'GET /api/setup/status': { body: { needsSetup: false } } });
    renderApp('/login?error=wrong_tenant');
    await screen.findByText(/different Microsoft Entra directory/);
  });
});
