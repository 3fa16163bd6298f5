import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { TicketDto } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { ticketAttachment, ticketMessage, ticketPerson } from '@/testing/fixtures-operations';
import { renderApp } from '@/testing/render-app';

const ticket = (over: Partial<TicketDto> = {}): TicketDto => ({
  id: 't1',
  companyId: 'c1',
  companyName: 'Acme Corp',
  subject: 'Web server down',
  category: 'incident',
  priority: 'normal',
  status: 'waiting_customer',
  requester: { id: 'u1', name: 'Una User', email: 'user@acme.demo' },
  assignee: null,
  guestId: 'g1',
  guestName: 'web-01',
  jobId: null,
  lastActivityAt: '2026-12-07T09:00:00.000Z',
  createdAt: '2026-12-07T08:00:00.000Z',
  description: 'It stopped at 9:00',
  context: null,
  alertId: null,
  backupRunId: null,
  firewallId: null,
  firewallName: null,
  firstResponseAt: '2026-12-07T08:30:00.000Z',
  resolvedAt: null,
  messages: [
    {
      id: 'm1',
      author: { id: 's1', name: 'Sam Staff', email: 'sales@demo.local' },
      fromStaff: true,
      body: 'We are on it',
      internal: false,
      mentions: [],
      createdAt: '2026-12-07T08:30:00.000Z',
    },
  ],
  attachments: [],
  watchers: [],
  sla: null,
  ...over,
});

const STAFF = ticketPerson({ id: 's1', name: 'Sam Staff', email: 'sales@demo.local' });

describe('ticket page', () => {
  it('lets a customer reply with a file, without internal notes or staff controls', async () => {
    const net = installFakeFetch({
      'GET /api/tickets/t1': { body: ticket() },
      'POST /api/tickets/t1/messages': {
        status: 201,
        body: ticketMessage({ id: 'm2', body: 'Thanks' }),
      },
      'POST /api/tickets/t1/attachments': { status: 201, body: ticketAttachment() },
    });
    const user = userEvent.setup();
    renderApp('/tickets/t1', { session: sessionFor('user') });

    expect(await screen.findByText('We are on it')).toBeInTheDocument();
    expect(screen.getByText('web-01')).toBeInTheDocument();
    expect(screen.queryByLabelText('Internal note (staff only)')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Assignee')).not.toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'Reply' }), 'Thanks');
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'shot.png', {
      type: 'image/png',
    });
    await user.upload(screen.getByLabelText('Attach files'), file);
    await user.click(screen.getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(net.callsTo('POST', '/api/tickets/t1/attachments')).toHaveLength(1));
    expect(net.callsTo('POST', '/api/tickets/t1/messages')[0]!.body).toEqual({
      body: 'Thanks',
      internal: false,
    });
    const upload = net.callsTo('POST', '/api/tickets/t1/attachments')[0]!;
    expect(upload.query.get('fileName')).toBe('shot.png');
    expect(upload.query.get('messageId')).toBe('m2');
    expect(upload.headers['content-type']).toBe('image/png');
  });

  it('gives staff the internal note switch and the assignee picker', async () => {
    const net = installFakeFetch({
      'GET /api/tickets/t1': { body: ticket() },
      'GET /api/tickets/assignees': {
        body: [{ id: 's1', name: 'Sam Staff', email: 'sales@demo.local' }],
      },
      'POST /api/tickets/t1/messages': {
        status: 201,
        body: ticketMessage({
          id: 'm3',
          author: STAFF,
          body: 'note',
          internal: true,
          fromStaff: true,
        }),
      },
    });
    const user = userEvent.setup();
    renderApp('/tickets/t1', { session: sessionFor('super_admin') });
    await user.type(await screen.findByRole('textbox', { name: 'Reply' }), 'Check the disk');
    await user.click(screen.getByLabelText('Internal note (staff only)'));
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(net.callsTo('POST', '/api/tickets/t1/messages')[0]?.body).toEqual({
        body: 'Check the disk',
        internal: true,
      }),
    );
    expect(screen.getByLabelText('Assignee')).toBeInTheDocument();
  });

  it('shows a breached SLA and lets the user watch the ticket', async () => {
    const base = sessionFor('user');
    const session = { ...base, user: { ...base.user, id: '019b0000-0000-7000-8000-000000000001' } };
    const net = installFakeFetch({
      'GET /api/tickets/t1': {
        body: ticket({
          sla: {
            paused: false,
            firstResponseDueAt: null,
            resolutionDueAt: '2026-12-07T18:00:00.000Z',
            firstResponseBreachedAt: '2026-12-07T09:00:00.000Z',
            resolutionBreachedAt: null,
          },
        }),
      },
      'POST /api/tickets/t1/watchers': {
        status: 201,
        body: [{ id: session.user.id, name: session.user.name, email: session.user.email }],
      },
    });
    const user = userEvent.setup();
    renderApp('/tickets/t1', { session });
    expect(await screen.findByText('SLA breached')).toBeInTheDocument();
    expect(screen.getByText('Nobody else is watching.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Watch' }));
    await waitFor(() =>
      expect(net.callsTo('POST', '/api/tickets/t1/watchers')[0]?.body).toEqual({
        userId: session.user.id,
      }),
    );
  });

  it('offers the people the server allows after @, inserts the handle, and shows who was mentioned', async () => {
    const net = installFakeFetch({
      'GET /api/tickets/t1': {
        body: ticket({
          messages: [
            {
              id: 'm1',
              author: { id: 's1', name: 'Sam Staff', email: 'sales@demo.local' },
              fromStaff: true,
              body: 'Asking @kim',
              internal: true,
              mentions: [{ id: 's2', name: 'Kim Ops', email: 'kim@demo.local' }],
              createdAt: '2026-12-07T08:30:00.000Z',
            },
          ],
        }),
      },
      'GET /api/tickets/assignees': { body: [] },
      'GET /api/tickets/t1/mentionable': {
        body: [{ id: 's2', name: 'Kim Ops', email: 'kim@demo.local', handle: 'kim' }],
      },
      'POST /api/tickets/t1/messages': {
        status: 201,
        body: ticketMessage({ id: 'm4', author: STAFF, body: 'x', fromStaff: true }),
      },
    });
    const user = userEvent.setup();
    renderApp('/tickets/t1', { session: sessionFor('super_admin') });
    expect(await screen.findByText('Mentioned: Kim Ops')).toBeInTheDocument();
    const box = screen.getByRole('textbox', { name: 'Reply' });
    // An address is no mention: nothing is asked for.
    await user.type(box, 'mail bob@x.test ');
    expect(net.callsTo('GET', '/api/tickets/t1/mentionable')).toHaveLength(0);
    await user.type(box, 'ask @ki');
    const list = await screen.findByRole('list', { name: 'People to mention' });
    expect(net.callsTo('GET', '/api/tickets/t1/mentionable').at(-1)!.query.get('q')).toBe('ki');
    await user.click(within(list).getByRole('button', { name: /Kim Ops/ }));
    expect(box).toHaveValue('mail bob@x.test ask @kim ');
    expect(screen.queryByRole('list', { name: 'People to mention' })).not.toBeInTheDocument();
    await user.type(box, 'please');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(net.callsTo('POST', '/api/tickets/t1/messages')[0]?.body).toEqual({
        body: 'mail bob@x.test ask @kim please',
        internal: false,
      }),
    );
  });
});
