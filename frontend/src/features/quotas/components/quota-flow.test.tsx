import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import type { QuotaRequestDto } from '@multpanel/contracts';
import { ACME_ID, acmeAdminSession, quotaRequest } from '@/testing/fixtures';
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
        body: quotaRequest({ ...(req.body as Partial<QuotaRequestDto>), status: 'pending' }),
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

  const pending = {
    id: 'qr1',
    companyId: ACME_ID,
    companyName: 'Acme Corp',
    requestedById: 'u-company_admin',
    requestedByName: 'Priya Admin',
    requested: { guests: 20 },
    reason: 'New project',
    status: 'pending',
    decidedById: null,
    decidedByName: null,
    decidedAt: null,
    note: null,
    createdAt: '2026-01-01T10:00:00.000Z',
  };
  const page = (items: object[]) => ({
    body: { items, total: items.length, page: 1, pageSize: 25 },
  });

  it('lets a platform admin approve a pending request, with an empty body the API accepts', async () => {
    const net = installFakeFetch({
      'GET /api/quota-requests': page([pending]),
      'POST /api/quota-requests/qr1/approve': { body: { ...pending, status: 'approved' } },
    });
    const user = userEvent.setup();
    renderApp('/quota-requests', { session: sessionFor('super_admin') });
    const row = (await screen.findByText('New project', {}, { timeout: 15_000 })).closest(
      '[role="row"]',
    ) as HTMLElement;
    expect(within(row).getByText('Priya Admin')).toBeInTheDocument();
    expect(net.callsTo('GET', '/api/quota-requests')[0]!.query.get('page')).toBe('1');
    await user.click(within(row).getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve the request of Acme Corp?' });
    expect(within(dialog).getByText(/Priya Admin asks for Guests: 20/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(net.callsTo('POST', '/api/quota-requests/qr1/approve')).toHaveLength(1),
    );
    expect(net.callsTo('POST', '/api/quota-requests/qr1/approve')[0]!.body).toEqual({});
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('declines only with a reason, and sends it', async () => {
    const net = installFakeFetch({
      'GET /api/quota-requests': page([pending]),
      'POST /api/quota-requests/qr1/decline': (req) => ({
        body: { ...pending, status: 'declined', note: (req.body as { note: string }).note },
      }),
    });
    const user = userEvent.setup();
    renderApp('/quota-requests', { session: sessionFor('super_admin') });
    const row = (await screen.findByText('New project', {}, { timeout: 15_000 })).closest(
      '[role="row"]',
    ) as HTMLElement;
    await user.click(within(row).getByRole('button', { name: 'Decline' }));
    const dialog = await screen.findByRole('dialog', { name: 'Decline the request of Acme Corp?' });
    await user.click(within(dialog).getByRole('button', { name: 'Decline' }));
    expect(await within(dialog).findByText(/Tell the requester why/)).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/quota-requests/qr1/decline')).toHaveLength(0);
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Use the spare cluster first',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Decline' }));
    await waitFor(() =>
      expect(net.callsTo('POST', '/api/quota-requests/qr1/decline')[0]?.body).toEqual({
        note: 'Use the spare cluster first',
      }),
    );
  });

  it('lets the requester withdraw a pending request', async () => {
    const net = installFakeFetch({
      'GET /api/quota-requests': page([pending]),
      'POST /api/quota-requests/qr1/cancel': { body: { ...pending, status: 'cancelled' } },
    });
    const user = userEvent.setup();
    renderApp('/quota-requests', { session: acmeAdminSession() });
    const row = (await screen.findByText('New project', {}, { timeout: 15_000 })).closest(
      '[role="row"]',
    ) as HTMLElement;
    await user.click(within(row).getByRole('button', { name: 'Withdraw' }));
    const dialog = await screen.findByRole('dialog', { name: 'Withdraw this quota request?' });
    await user.click(within(dialog).getByRole('button', { name: 'Withdraw' }));
    await waitFor(() =>
      expect(net.callsTo('POST', '/api/quota-requests/qr1/cancel')).toHaveLength(1),
    );
  });

  it('offers no "Request more" when every limit is unlimited', async () => {
    installFakeFetch({
      'GET /api/vms': { body: { items: [], total: 0, page: 1, pageSize: 25 } },
      [`GET /api/companies/${ACME_ID}/quota`]: {
        body: {
          ...quotaBody,
          limits: { guests: null, vcpus: null, memoryMb: null, diskGb: null },
        },
      },
    });
    renderApp('/vms', { session: acmeAdminSession() });
    expect(await screen.findByText('10 (no limit)', {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Request more' })).not.toBeInTheDocument();
  });

  it('does not offer approval to a company admin', async () => {
    installFakeFetch({
      'GET /api/quota-requests': {
        body: {
          items: [{ ...pending, requestedById: 'u-someone-else', reason: 'x y z' }],
          total: 1,
          page: 1,
          pageSize: 25,
        },
      },
    });
    renderApp('/quota-requests', { session: acmeAdminSession() });
    await screen.findByText('x y z', {}, { timeout: 15_000 });
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    // Not theirs: a colleague's request cannot be withdrawn either.
    expect(screen.queryByRole('button', { name: 'Withdraw' })).not.toBeInTheDocument();
  });
});
