import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { ACME_ID, acmeAdminSession } from '@/testing/fixtures';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const quotaBody = {
  companyId: ACME_ID,
  limits: { guests: 10, vcpus: 20, memoryMb: 32768, diskGb: 500 },
  usage: { guests: 10, vcpus: 18, memoryMb: 8192, diskGb: 120 },
};

describe('quota request flow', () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('lets a company admin ask for more, with a reason', async () => {
    const net = installFakeFetch({
      'GET /api/vms': { body: { items: [], total: 0, page: 1, pageSize: 25 } },
      [`GET /api/companies/${ACME_ID}/quota`]: { body: quotaBody },
      'POST /api/quota-requests': (req) => ({
        status: 201,
        body: { id: 'qr1', status: 'pending', ...(req.body as object) },
      }),
    });
    const user = userEvent.setup();
    renderApp('/vms', { session: acmeAdminSession() });

    expect(await screen.findByText('10 of 10', {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Guests used' })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    await user.click(screen.getByRole('button', { name: 'Request more' }));
    const dialog = await screen.findByRole('dialog', { name: 'Request a quota increase' });

    // Nothing requested and no reason: refused in the form.
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }));
    expect(await within(dialog).findByText('Enter at least one new limit.')).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/quota-requests')).toHaveLength(0);

    await user.type(within(dialog).getByRole('textbox', { name: 'Guests' }), '20');
    await user.type(
      within(dialog).getByRole('textbox', { name: /Why do you need it/ }),
      'New project',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }));
    await waitFor(() => expect(net.callsTo('POST', '/api/quota-requests')).toHaveLength(1));
    expect(net.callsTo('POST', '/api/quota-requests')[0]!.body).toEqual({
      companyId: ACME_ID,
      requested: { guests: 20 },
      reason: 'New project',
    });
    expect(await within(dialog).findByText(/Request sent/)).toBeInTheDocument();
  });

  it('lets a platform admin approve a pending request', async () => {
    const pending = {
      id: 'qr1',
      companyId: ACME_ID,
      companyName: 'Acme Corp',
      requestedById: 'u1',
      requested: { guests: 20 },
      reason: 'New project',
      status: 'pending',
      decidedById: null,
      decidedAt: null,
      note: null,
      createdAt: '2026-01-01T10:00:00.000Z',
    };
    const net = installFakeFetch({
      'GET /api/quota-requests': { body: { items: [pending], total: 1, page: 1, pageSize: 25 } },
      'POST /api/quota-requests/qr1/approve': { body: { ...pending, status: 'approved' } },
    });
    const user = userEvent.setup();
    renderApp('/quota-requests', { session: sessionFor('super_admin') });
    const row = (await screen.findByText('New project', {}, { timeout: 15_000 })).closest(
      '[role="row"]',
    ) as HTMLElement;
    expect(net.callsTo('GET', '/api/quota-requests')[0]!.query.get('page')).toBe('1');
    await user.click(within(row).getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve the request of Acme Corp?' });
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(net.callsTo('POST', '/api/quota-requests/qr1/approve')).toHaveLength(1),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('does not offer approval to a company admin', async () => {
    installFakeFetch({
      'GET /api/quota-requests': {
        body: {
          items: [
            {
              id: 'qr1',
              companyName: 'Acme Corp',
              requested: { guests: 20 },
              reason: 'x y z',
              status: 'pending',
            },
          ],
          total: 1,
          page: 1,
          pageSize: 25,
        },
      },
    });
    renderApp('/quota-requests', { session: acmeAdminSession() });
    await screen.findByText('x y z', {}, { timeout: 15_000 });
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
  });
});
