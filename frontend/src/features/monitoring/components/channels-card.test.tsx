import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { installFakeFetch } from '@/testing/fake-fetch';
import { ACME_ID, acmeAdminSession } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import type { ChannelDto } from '../api/types';
import { monitoringFeature } from '../routes';

const mail: ChannelDto = {
  id: 'ch-mail',
  companyId: ACME_ID,
  name: 'Ops mail',
  type: 'email',
  to: ['ops@acme.test'],
  url: null,
  urlHost: null,
  createdAt: '2026-12-06T09:00:00Z',
};

describe('notification channels', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('adds an ntfy channel with a token, lists Slack by host only and sends a test', async () => {
    const channels: ChannelDto[] = [
      mail,
      {
        ...mail,
        id: 'ch-slack',
        name: 'Acme Slack',
        type: 'slack',
        to: null,
        urlHost: 'hooks.slack.com',
      },
    ];
    const net = installFakeFetch({
      'GET /api/alert-rules': { body: [] },
      'GET /api/notification-channels': () => ({ body: channels }),
      'GET /api/maintenance-windows': { body: [] },
      'POST /api/notification-channels': (req) => {
        const b = req.body as { name: string; type: ChannelDto['type'] };
        const c: ChannelDto = {
          ...mail,
          id: 'ch-new',
          name: b.name,
          type: b.type,
          to: null,
          urlHost: 'ntfy.sh',
        };
        channels.push(c);
        return { status: 201, body: c };
      },
      'POST /api/notification-channels/ch-slack/test': {
        status: 202,
        body: { deliveryId: 'd1' },
      },
    });
    const user = userEvent.setup();
    renderApp('/monitoring/rules', {
      session: acmeAdminSession(),
      consoleFeatures: [monitoringFeature],
    });

    const list = await screen.findByRole(
      'list',
      { name: 'Notification channels' },
      { timeout: 15_000 },
    );
    const slack = await within(list).findByText('Acme Slack');
    expect(list).toHaveTextContent('hooks.slack.com (URL stored encrypted)');
    expect(list).toHaveTextContent('ops@acme.test');
    await user.click(within(slack.closest('li')!).getByRole('button', { name: 'Send test' }));
    expect(
      await screen.findByText('Test notification queued; see the delivery log.'),
    ).toBeVisible();
    expect(net.callsTo('POST', '/api/notification-channels/ch-slack/test')).toHaveLength(1);

    const form = screen.getByRole('form', { name: 'Add channel' });
    await user.click(within(form).getByRole('combobox', { name: 'Type' }));
    await user.click(await screen.findByRole('option', { name: 'ntfy' }));
    await user.type(within(form).getByRole('textbox', { name: 'Name' }), 'Phones');
    await user.type(
      within(form).getByRole('textbox', { name: /Topic URL/ }),
      'https://ntfy.sh/acme-alerts',
    );
    await user.type(within(form).getByLabelText('Access token (optional)'), 'tk_1');
    await user.click(within(form).getByRole('button', { name: 'Add channel' }));
    await waitFor(() =>
      expect(net.callsTo('POST', '/api/notification-channels')[0]!.body).toEqual({
        companyId: ACME_ID,
        type: 'ntfy',
        name: 'Phones',
        url: 'https://ntfy.sh/acme-alerts',
        token: 'tk_1',
      }),
    );
    expect(await within(list).findByText('Phones')).toBeInTheDocument();
    expect(list).toHaveTextContent('ntfy.sh (URL stored encrypted)');
  });
  it('edits recipients and an ntfy token, and deletes a channel only after confirming', async () => {
    let channels: ChannelDto[] = [
      mail,
      { ...mail, id: 'ch-ntfy', name: 'Phones', type: 'ntfy', to: null, urlHost: 'ntfy.sh' },
    ];
    const net = installFakeFetch({
      'GET /api/alert-rules': { body: [] },
      'GET /api/notification-channels': () => ({ body: channels }),
      'GET /api/maintenance-windows': { body: [] },
      'PATCH /api/notification-channels/ch-mail': (req) => {
        const b = req.body as { name?: string; to?: string[] };
        channels = channels.map((c) =>
          c.id === 'ch-mail' ? { ...c, name: b.name ?? c.name, to: b.to ?? c.to } : c,
        );
        return { body: channels[0] };
      },
      'PATCH /api/notification-channels/ch-ntfy': { body: channels[1] },
      'DELETE /api/notification-channels/ch-ntfy': () => {
        channels = channels.filter((c) => c.id !== 'ch-ntfy');
        return { status: 204 };
      },
    });
    const user = userEvent.setup();
    renderApp('/monitoring/rules', {
      session: acmeAdminSession(),
      consoleFeatures: [monitoringFeature],
    });
    const list = await screen.findByRole(
      'list',
      { name: 'Notification channels' },
      { timeout: 15_000 },
    );
    await within(list).findByText('Ops mail');

    // E-mail: the form starts from the stored recipients; only what changed is sent.
    await user.click(within(list).getByRole('button', { name: 'Edit Ops mail' }));
    let form = await screen.findByRole('form', { name: 'Edit channel Ops mail' });
    const to = within(form).getByRole('textbox', { name: /Recipients/ });
    expect(to).toHaveValue('ops@acme.test');
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    await user.clear(to);
    await user.type(to, 'noc@acme.test, cto@acme.test');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(net.callsTo('PATCH', '/api/notification-channels/ch-mail')[0]!.body).toEqual({
        to: ['noc@acme.test', 'cto@acme.test'],
      }),
    );
    await waitFor(() => expect(list).toHaveTextContent('noc@acme.test, cto@acme.test'));
    expect(screen.queryByRole('form', { name: 'Edit channel Ops mail' })).not.toBeInTheDocument();

    // ntfy: the URL is never shown; empty keeps it, the token can be removed.
    await user.click(within(list).getByRole('button', { name: 'Edit Phones' }));
    form = await screen.findByRole('form', { name: 'Edit channel Phones' });
    expect(within(form).getByRole('textbox', { name: /Topic URL/ })).toHaveValue('');
    expect(form).toHaveTextContent('Stored encrypted (ntfy.sh); leave empty to keep it.');
    await user.click(within(form).getByRole('checkbox', { name: 'Remove the access token' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(net.callsTo('PATCH', '/api/notification-channels/ch-ntfy')[0]!.body).toEqual({
        token: null,
      }),
    );

    // Delete: cancel first sends nothing; confirming deletes and the list refreshes.
    await waitFor(() =>
      expect(screen.queryByRole('form', { name: 'Edit channel Phones' })).not.toBeInTheDocument(),
    );
    await user.click(within(list).getByRole('button', { name: 'Delete Phones' }));
    let dialog = await screen.findByRole('dialog', { name: 'Delete channel' });
    expect(dialog).toHaveTextContent('Delete the channel Phones?');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(net.callsTo('DELETE', '/api/notification-channels/ch-ntfy')).toHaveLength(0);
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Delete channel' })).not.toBeInTheDocument(),
    );
    await user.click(within(list).getByRole('button', { name: 'Delete Phones' }));
    dialog = await screen.findByRole('dialog', { name: 'Delete channel' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(within(list).queryByText('Phones')).not.toBeInTheDocument());
    expect(net.callsTo('DELETE', '/api/notification-channels/ch-ntfy')).toHaveLength(1);
    expect(within(list).getByText('Ops mail')).toBeInTheDocument();
  });
});
