import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { VmRight } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import { paged, userView } from '@/testing/fixtures';
import { vmGrant } from '@/testing/fixtures-guests';
import { renderApp } from '@/testing/render-app';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { ACME_ID, VM_ID, acmeAdminSession, vmDetail } from '../testing/vm-fixtures';

describe('guest access (per-VM grants)', () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('adds a user with view, ticks power and saves the whole list', async () => {
    const andy = userView({
      id: '77777777-7777-4777-8777-000000000001',
      email: 'andy@acme.demo',
      name: 'Andy',
    });
    const bea = userView({
      id: '77777777-7777-4777-8777-000000000002',
      email: 'bea@acme.demo',
      name: 'Bea',
    });
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail() },
      [`GET /api/vms/${VM_ID}/grants`]: {
        body: [vmGrant({ userId: andy.id, email: andy.email, name: andy.name, rights: ['view'] })],
      },
      'GET /api/users': { body: paged([andy, bea], { pageSize: 100 }) },
      // The API answers the saved list with each user's email and name.
      [`PUT /api/vms/${VM_ID}/grants`]: (req) => ({
        body: (req.body as Array<{ userId: string; rights: VmRight[] }>).map((g) => {
          const u = [andy, bea].find((x) => x.id === g.userId)!;
          return vmGrant({ userId: u.id, email: u.email, name: u.name, rights: g.rights });
        }),
      }),
    });
    const user = userEvent.setup();
    renderApp(`/vms/${VM_ID}?tab=access`, { session: acmeAdminSession() });

    const table = await screen.findByRole('table', { name: 'Access' }, { timeout: 15_000 });
    expect(await within(table).findByText('Andy')).toBeInTheDocument();
    const usersCall = net.callsTo('GET', '/api/users')[0]!;
    expect(usersCall.query.get('companyId')).toBe(ACME_ID);
    expect(usersCall.query.get('role')).toBe('user');

    await user.click(within(table).getByRole('checkbox', { name: 'Power for Andy' }));
    await user.click(screen.getByRole('combobox', { name: 'Add a user' }));
    await user.click(await screen.findByRole('option', { name: 'Bea (bea@acme.demo)' }));
    await user.click(screen.getByRole('button', { name: 'Add' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(net.callsTo('PUT', `/api/vms/${VM_ID}/grants`)).toHaveLength(1));
    expect(net.callsTo('PUT', `/api/vms/${VM_ID}/grants`)[0]!.body).toEqual([
      { userId: '77777777-7777-4777-8777-000000000001', rights: ['view', 'power'] },
      { userId: '77777777-7777-4777-8777-000000000002', rights: ['view'] },
    ]);
    expect(await screen.findByText('Access saved.')).toBeInTheDocument();
  });
});
