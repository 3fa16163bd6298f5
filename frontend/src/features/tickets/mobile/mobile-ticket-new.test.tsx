import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { VM_ID, vmDetail } from '@/features/vms/testing/vm-fixtures';
import { installFakeFetch } from '@/testing/fake-fetch';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

describe('/mobile new ticket', () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('opens a ticket from a guest’s phone page with the guest linked', async () => {
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail({ rights: ['view'] }) },
      'POST /api/tickets': { status: 201, body: { id: 't9' } },
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
