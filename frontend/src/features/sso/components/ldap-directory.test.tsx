import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { sessionStore } from '@/lib/session-store';
import { renderWithProviders } from '@/testing/render-app';
import { LdapDirectoryCard } from './ldap-directory-card';
import { customRoleView } from '@/testing/fixtures-admin';

const CO = '11111111-1111-4111-8111-111111111111';
const PATH = `/api/companies/${CO}/ldap-directory`;
const VIEWER = '22222222-2222-4222-8222-222222222222';

const stored = {
  id: 'dir-1',
  companyId: CO,
  url: 'ldaps://dc1.acme.example',
  startTls: false,
  caPem: null,
  bindDn: 'cn=svc,dc=acme,dc=example',
  hasBindPassword: true,
  searchBase: 'dc=acme,dc=example',
  userFilter: '(&(objectClass=person)(mail={{email}}))',
  allowedDomains: ['acme.example'],
  groupMappings: [
    { groupDn: 'cn=admins,dc=acme,dc=example', role: 'company_admin', customRoleId: null },
  ],
  jitProvisioning: true,
  enabled: true,
  updatedAt: '2026-12-10T00:00:00.000Z',
};
/** The API's answer to a PUT: the saved directory, never the write-only bind password. */
const savedDirectory = (sent: unknown) => {
  const { bindPassword: _password, ...rest } = sent as { bindPassword?: string };
  return { ...stored, ...rest, hasBindPassword: true };
};
const roles = {
  body: [
    customRoleView({ id: VIEWER, companyId: CO, name: 'Viewer', permissions: ['vm.read'] }),
    customRoleView({
      id: 'other',
      companyId: '33333333-3333-4333-8333-333333333333',
      name: 'Elsewhere',
    }),
  ],
};

const pendingDomain = {
  domain: 'acme.example',
  status: 'pending',
  method: null,
  verifiedAt: null,
  txtName: '_multpanel-challenge.acme.example',
  txtValue: 'multpanel-domain-verification=cccc',
};
const verifiedDomain = {
  ...pendingDomain,
  status: 'verified',
  method: 'dns',
  verifiedAt: '2026-12-10T00:00:00.000Z',
};

const renderCard = (role: 'company_admin' | 'super_admin' = 'company_admin') => {
  sessionStore.setSession(sessionFor(role));
  renderWithProviders(<LdapDirectoryCard target={{ kind: 'company', companyId: CO }} />);
};

describe('LDAP directory settings', () => {
  it('creates a directory with a custom-role mapping; the password is write-only', async () => {
    const net = installFakeFetch({
      [`GET ${PATH}`]: { body: null },
      [`GET ${PATH}/domains`]: { body: [pendingDomain] },
      'GET /api/roles': roles,
      [`PUT ${PATH}`]: (req) => ({ body: savedDirectory(req.body) }),
    });
    const user = userEvent.setup();
    renderCard();
    await screen.findByText('No directory configured.');
    await user.type(screen.getByRole('textbox', { name: /Server URL/ }), 'ldap://dc1.acme.example');
    await user.type(
      screen.getByRole('textbox', { name: /Service account DN/ }),
      'cn=svc,dc=acme,dc=example',
    );
    await user.type(screen.getByRole('textbox', { name: /Search base/ }), 'dc=acme,dc=example');
    await user.type(screen.getByRole('textbox', { name: /Email domains/ }), 'acme.example');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Required for a new directory');
    expect(net.callsTo('PUT', PATH)).toHaveLength(0);

    await user.type(screen.getByLabelText(/Service account password/), 'svc-secret');
    await user.click(screen.getByRole('button', { name: 'Add group mapping' }));
    await user.type(
      screen.getByRole('textbox', { name: /Group DN/ }),
      'cn=staff,dc=acme,dc=example',
    );
    await user.click(screen.getByRole('combobox', { name: /Custom role/ }));
    // Only platform-wide roles and this company's are offered.
    expect(screen.queryByRole('option', { name: 'Elsewhere' })).toBeNull();
    await user.click(screen.getByRole('option', { name: 'Viewer' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(net.callsTo('PUT', PATH)).toHaveLength(1));
    expect(net.callsTo('PUT', PATH)[0]!.body).toMatchObject({
      url: 'ldap://dc1.acme.example',
      bindPassword: 'svc-secret',
      allowedDomains: ['acme.example'],
      caPem: null,
      groupMappings: [
        { groupDn: 'cn=staff,dc=acme,dc=example', role: 'user', customRoleId: VIEWER },
      ],
    });
    await screen.findByText('Directory settings saved.');
    expect(screen.getByLabelText(/Service account password/)).toHaveValue('');
  });

  it('tests a sample address and shows what it would get', async () => {
    const net = installFakeFetch({
      [`GET ${PATH}`]: { body: stored },
      [`GET ${PATH}/domains`]: { body: [verifiedDomain] },
      'GET /api/roles': roles,
      [`POST ${PATH}/test`]: {
        body: {
          outcome: 'create',
          entry: {
            dn: 'uid=ada,ou=people,dc=acme,dc=example',
            email: 'ada@acme.example',
            name: 'Ada Lovelace',
            groups: ['cn=admins,dc=acme,dc=example'],
          },
          role: 'company_admin',
          customRole: null,
        },
      },
    });
    const user = userEvent.setup();
    renderCard();
    await user.type(
      await screen.findByRole('textbox', { name: 'Email address' }),
      'ada@acme.example',
    );
    await user.click(screen.getByRole('button', { name: 'Test' }));
    await screen.findByText('Would get a new account on first sign-in');
    screen.getByText(/Ada Lovelace · uid=ada/);
    screen.getByText(/Groups: cn=admins,dc=acme,dc=example/);
    expect(net.callsTo('POST', `${PATH}/test`)[0]!.body).toEqual({ email: 'ada@acme.example' });
  });

  it('shows a pending domain’s TXT record, checks DNS on request and shows it verified', async () => {
    let published = false;
    const net = installFakeFetch({
      [`GET ${PATH}`]: { body: stored },
      [`GET ${PATH}/domains`]: { body: [pendingDomain] },
      'GET /api/roles': roles,
      [`POST ${PATH}/domains/acme.example/verify`]: () =>
        published
          ? { body: [verifiedDomain] }
          : {
              status: 400,
              body: {
                statusCode: 400,
                code: 'BAD_REQUEST',
                message: 'No TXT record at _multpanel-challenge.acme.example yet',
              },
            },
    });
    const user = userEvent.setup();
    renderCard();
    const row = await screen.findByTestId('ldap-domain-acme.example');
    within(row).getByText('Not verified: no sign-ins yet');
    expect(within(row).getByRole('textbox', { name: 'TXT record name' })).toHaveValue(
      pendingDomain.txtName,
    );
    expect(within(row).getByRole('textbox', { name: 'TXT record value' })).toHaveValue(
      pendingDomain.txtValue,
    );
    // A company admin cannot approve without DNS.
    expect(within(row).queryByRole('button', { name: 'Approve without DNS' })).toBeNull();

    await user.click(within(row).getByRole('button', { name: 'Check DNS now' }));
    await screen.findByText(/No TXT record at _multpanel-challenge.acme.example yet/);
    within(screen.getByTestId('ldap-domain-acme.example')).getByText(
      'Not verified: no sign-ins yet',
    );

    published = true;
    await user.click(within(row).getByRole('button', { name: 'Check DNS now' }));
    await within(screen.getByTestId('ldap-domain-acme.example')).findByText('Verified (DNS)');
    expect(
      within(screen.getByTestId('ldap-domain-acme.example')).queryByRole('textbox', {
        name: 'TXT record value',
      }),
    ).toBeNull();
    expect(net.callsTo('POST', `${PATH}/domains/acme.example/verify`)).toHaveLength(2);
  });

  it('lets a platform administrator approve a domain without DNS', async () => {
    const net = installFakeFetch({
      [`GET ${PATH}`]: { body: stored },
      [`GET ${PATH}/domains`]: { body: [pendingDomain] },
      'GET /api/roles': roles,
      [`POST ${PATH}/domains/acme.example/approve`]: {
        body: [{ ...verifiedDomain, method: 'approval' }],
      },
    });
    const user = userEvent.setup();
    renderCard('super_admin');
    const row = await screen.findByTestId('ldap-domain-acme.example');
    await user.click(within(row).getByRole('button', { name: 'Approve without DNS' }));
    await within(screen.getByTestId('ldap-domain-acme.example')).findByText('Approved');
    expect(net.callsTo('POST', `${PATH}/domains/acme.example/approve`)).toHaveLength(1);
  });
});
