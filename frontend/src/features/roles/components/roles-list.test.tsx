import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { acmeAdminSession, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { customRoleView } from '@/testing/fixtures-admin';

const role = customRoleView;

describe('custom roles', () => {
  it('a company admin defines a viewer for their company from their own permissions', async () => {
    const session = acmeAdminSession();
    const net = installFakeFetch({
      'GET /api/roles': { body: [role()] },
      'POST /api/roles': {
        status: 201,
        body: role({ name: 'Viewer', companyId: session.user.companyId }),
      },
    });
    const user = userEvent.setup();
    renderApp('/roles', { session });

    const row = (await screen.findByText('Manager', undefined, { timeout: 15_000 })).closest(
      'tr',
    ) as HTMLElement;
    // The platform's role is assignable here but only the MSP edits it.
    expect(within(row).getByRole('button', { name: 'Assign' })).toBeInTheDocument();
    expect(within(row).queryByRole('button', { name: 'Edit' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'New role' }));
    const dialog = await screen.findByRole('dialog');
    // Only the caller's own permissions are offered.
    expect(within(dialog).queryByRole('checkbox', { name: 'Manage clusters' })).toBeNull();
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Viewer');
    await user.click(within(dialog).getByRole('checkbox', { name: 'See guests' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    const [post] = net.callsTo('POST', '/api/roles');
    expect(post!.body).toEqual({
      name: 'Viewer',
      companyId: session.user.companyId,
      permissions: ['vm.read'],
    });
  });

  it('is not in the menu of a user without role.manage', async () => {
    installFakeFetch({ 'GET /api/roles': { body: [] } });
    renderApp('/roles', { session: sessionFor('user') });
    expect(await screen.findByText('You do not have access to this page')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Roles' })).toBeNull();
  });
});
