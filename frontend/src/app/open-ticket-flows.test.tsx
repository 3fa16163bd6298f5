import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FirewallDto } from '@multpanel/contracts';
import { firewallsFeature } from '@/features/firewalls/routes';
import { ticketsFeature } from '@/features/tickets/routes';
import { VM_ID, vmDetail } from '@/features/vms/testing/vm-fixtures';
import { installFakeFetch } from '@/testing/fake-fetch';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { ticketDto } from '@/testing/fixtures-operations';

// "Open a ticket" where the tickets feature meets another one's page (through a slot).

const FW_ID = '0193a000-0000-7000-8000-0000000000f1';

const firewall: FirewallDto = {
  id: FW_ID,
  companyId: 'c1',
  companyName: 'Acme Corp',
  name: 'acme-edge',
  url: 'https://198.51.100.20',
  fingerprint: 'AB',
  version: '26.1.2',
  status: 'unreachable',
  lastSeenAt: '2026-12-06T10:00:00.000Z',
  lastError: 'connect ETIMEDOUT',
  lastChangeAt: null,
  createdAt: '2026-12-06T09:00:00.000Z',
};

describe('opening a ticket from another feature’s page', () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('opens one from the firewall page with the firewall linked and its state filled in', async () => {
    const net = installFakeFetch({
      [`GET /api/firewalls/${FW_ID}`]: { body: firewall },
      [`GET /api/firewalls/${FW_ID}/changes`]: { body: [] },
      'GET /api/firewalls/deployments': { body: [] },
      [`GET /api/firewalls/${FW_ID}/items/d_nat`]: { body: { kind: 'd_nat', rows: [] } },
      'POST /api/tickets': { status: 201, body: ticketDto({ id: 't9' }) },
    });
    const user = userEvent.setup();
    renderApp(`/firewalls/${FW_ID}`, {
      session: sessionFor('company_admin'),
      consoleFeatures: [firewallsFeature, ticketsFeature],
    });
    await user.click(
      await screen.findByRole('link', { name: 'Open a ticket' }, { timeout: 30_000 }),
    );
    expect(
      await screen.findByRole('textbox', { name: /Subject/ }, { timeout: 30_000 }),
    ).toHaveValue('Firewall acme-edge: unreachable');
    expect(screen.getByRole('textbox', { name: /What happened/ })).toHaveValue(
      [
        'Firewall: acme-edge (https://198.51.100.20) · OPNsense 26.1.2',
        'Status: unreachable · last seen 2026-12-06T10:00:00.000Z',
        'Last error: connect ETIMEDOUT',
      ].join('\n'),
    );
    await user.click(screen.getByRole('button', { name: 'Open a ticket' }));
    await waitFor(() => expect(net.callsTo('POST', '/api/tickets')).toHaveLength(1));
    expect(net.callsTo('POST', '/api/tickets')[0]!.body).toMatchObject({
      firewallId: FW_ID,
      subject: 'Firewall acme-edge: unreachable',
    });
  }, 60_000);

  it('opens a ticket from a guest’s phone page with the guest linked', async () => {
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail({ rights: ['view'] }) },
      'POST /api/tickets': { status: 201, body: ticketDto({ id: 't9' }) },
    });
    const user = userEvent.setup();
    renderApp(`/mobile/vms/${VM_ID}`, { session: sessionFor('user') });
    await user.click(
      await screen.findByRole('link', { name: 'Open a ticket' }, { timeout: 30_000 }),
    );
    const name = vmDetail({}).name!;
    expect(
      await screen.findByText(`About guest: ${name}`, {}, { timeout: 30_000 }),
    ).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: /Subject/ }), 'Site is down');
    await user.type(screen.getByRole('textbox', { name: /What happened/ }), 'Since 9:00');
    await user.click(screen.getByRole('button', { name: 'Open a ticket' }));
    await waitFor(() => expect(net.callsTo('POST', '/api/tickets')).toHaveLength(1));
    expect(net.callsTo('POST', '/api/tickets')[0]!.body).toEqual({
      guestId: VM_ID,
      subject: 'Site is down',
      description: 'Since 9:00',
      category: 'incident',
      priority: 'normal',
    });
  }, 60_000);
});
