import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { sessionStore } from '@/lib/session-store';
import { renderWithProviders } from '@/testing/render-app';
import { LdapDirectoryCard } from './ldap-directory-card';

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
const roles = {
  body: [
    { id: VIEWER, companyId: CO, name: 'Viewer', description: null, permissions: ['vm.read'] },
    { id: 'other', companyId: '33333333-3333-4333-8333-333333333333', name: 'Elsewhere' },
  ],
};

const renderCard = () => {
  sessionStore.setSession(sessionFor('company_admin'));
  renderWithProviders(<LdapDirectoryCard target={{ kind: 'company', companyId: CO }} />);
};

describe('LDAP directory settings', () => {
  it('creates a directory with a custom-role mapping; the password is write-only', async () => {
    const net = installFakeFetch({
      [`GET ${PATH}`]: { body: null },
      'GET /api/roles': roles,
      [`PUT ${PATH}`]: (req) => ({ body: { ...stored, ...(req.body as object) } }),
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
});
