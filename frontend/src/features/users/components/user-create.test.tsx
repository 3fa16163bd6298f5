import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { companyView, sessionFor, userView } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const emptyUsers = { body: { items: [], total: 0, page: 1, pageSize: 25 } };

describe('user create', () => {
  it('lets a company admin invite into their own company, offering only grantable roles', async () => {
    const net = installFakeFetch({
      'POST /api/users/invite': {
        status: 201,
        body: userView({ id: 'u9', email: 'new@acme.demo', name: 'New Person', status: 'invited' }),
      },
      'GET /api/users': emptyUsers,
    });
    const user = userEvent.setup();
    const { router } = renderApp('/users/new', { session: sessionFor('company_admin') });

    await user.type(await screen.findByRole('textbox', { name: 'Email' }), 'new@acme.demo');
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'New Person');
    await user.click(screen.getByRole('combobox', { name: 'Role' }));
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(options).toEqual(['Company administrator', 'User']);
    await user.click(screen.getByRole('option', { name: 'User' }));
    // No company picker for a company admin: the user lands in their company.
    expect(screen.queryByRole('combobox', { name: 'Company' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/users'));
    expect(net.callsTo('POST', '/api/users/invite')[0]?.body).toEqual({
      email: 'new@acme.demo',
      name: 'New Person',
      role: 'user',
      companyId: '11111111-1111-4111-8111-111111111111',
    });
  });

  it('requires a first password when not inviting, and shows server validation errors', async () => {
    const net = installFakeFetch({
      'GET /api/companies': {
        body: {
          items: [companyView({ id: '66666666-6666-4666-8666-666666666666', name: 'Globex' })],
          total: 1,
          page: 1,
          pageSize: 100,
        },
      },
      'POST /api/users': {
        status: 409,
        body: {
          statusCode: 409,
          code: 'CONFLICT',
          message: 'A user with this email already exists.',
        },
      },
    });
    const user = userEvent.setup();
    renderApp('/users/new', { session: sessionFor('super_admin') });

    await user.type(await screen.findByRole('textbox', { name: 'Email' }), 'dup@globex.demo');
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Dup');
    await user.click(screen.getByRole('combobox', { name: 'Company' }));
    await user.click(await screen.findByRole('option', { name: 'Globex' }));
    await user.click(screen.getByRole('switch', { name: /Send an invitation email/ }));
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Use at least 10 characters.')).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/users')).toHaveLength(0);

    await user.type(screen.getByLabelText('First password'), 'long-enough-pass');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('A user with this email already exists.')).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/users')[0]?.body).toMatchObject({
      companyId: '66666666-6666-4666-8666-666666666666',
      password: 'long-enough-pass',
      role: 'user',
    });
  });
});
