import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { renderApp } from '@/testing/render-app';
import {
  ACME_ID,
  TEMPLATE_ID,
  VM_ID,
  acmeAdminSession,
  job,
  template,
  templatePage,
} from '../../testing/vm-fixtures';

const RANGE = '55555555-5555-4555-8555-555555555555';
const range = (free: number) => ({
  id: RANGE,
  name: 'Acme servers',
  family: 4,
  cidr: '10.9.0.0/24',
  prefixLength: 24,
  companyId: ACME_ID,
  companyName: null,
  vlan: 90,
  gateway: '10.9.0.1',
  dnsServers: [],
  searchDomain: null,
  firstUsable: '10.9.0.1',
  lastUsable: '10.9.0.254',
  holdSeconds: 3600,
  clusterIds: [],
  note: null,
  sdn: null,
  usage: { size: 254, allocated: 253 - free, reserved: 1, held: 0, free },
  createdAt: '2026-12-06T00:00:00.000Z',
  updatedAt: '2026-12-06T00:00:00.000Z',
});

const next = () => screen.getByRole('button', { name: 'Next' });

describe('create wizard: bulk create', () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('warns and shows the 409 when the range is too small, then creates <name>-1..N with their jobs', async () => {
    const answers = [
      {
        status: 409,
        body: {
          statusCode: 409,
          code: 'IPAM_RANGE_EXHAUSTED',
          message: 'Range "Acme servers" (10.9.0.0/24) has 3 free addresses; 5 guests need 5',
        },
      },
      {
        status: 202,
        body: {
          results: [
            { name: 'web-1', ok: true, vmId: VM_ID, job: job({ id: 'job-1' }) },
            { name: 'web-2', ok: true, vmId: 'vm-2', job: job({ id: 'job-2', guestId: 'vm-2' }) },
            {
              name: 'web-3',
              ok: false,
              error: { code: 'QUOTA_EXCEEDED', message: 'Over the guests quota (2).' },
            },
          ],
        },
      },
    ];
    const net = installFakeFetch({
      'GET /api/templates': { body: templatePage([template()]) },
      'GET /api/ipam/ranges': { body: { items: [range(3)], total: 1, page: 1, pageSize: 200 } },
      [`GET /api/ipam/ranges/${RANGE}/addresses`]: {
        body: {
          items: [
            {
              id: null,
              rangeId: RANGE,
              address: '10.9.0.2',
              status: 'free',
              purpose: null,
              companyId: null,
              guestId: null,
              guestName: null,
              nic: null,
              hostname: null,
              note: null,
              allocatedAt: null,
              holdUntil: null,
            },
          ],
          total: 3,
          page: 1,
          pageSize: 1,
          nextCursor: null,
        },
      },
      'POST /api/vms/bulk-create': () => answers.shift()!,
      'GET /api/jobs/job-1': { body: job({ id: 'job-1', progress: 40 }) },
      'GET /api/jobs/job-2': { body: job({ id: 'job-2', progress: 20 }) },
    });
    const user = userEvent.setup();
    renderApp('/vms/new', { session: acmeAdminSession() });
    await screen.findByRole('heading', { name: 'Kind' }, { timeout: 15_000 });
    await user.click(next());
    await user.click(await screen.findByLabelText(/debian-12-cloud/));
    await user.click(next());
    await screen.findByRole('heading', { name: 'Placement' });
    await user.click(next());

    // Resources: 25 guests is over the limit; 5 names web-1 … web-5.
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'web');
    const count = screen.getByRole('spinbutton', { name: 'Number of guests' });
    await user.clear(count);
    await user.type(count, '25');
    await user.click(next());
    expect(await screen.findByText('A whole number of guests from 1 to 20.')).toBeInTheDocument();
    await user.clear(count);
    await user.type(count, '5');
    expect(
      screen.getByText('Creates web-1 … web-5, each with its own job and addresses'),
    ).toBeInTheDocument();
    await user.click(next());

    // Network: the range has 3 free addresses for 5 guests.
    await screen.findByRole('heading', { name: 'Network' });
    await user.click(await screen.findByRole('combobox', { name: 'Network (IP range)' }));
    await user.click(screen.getByRole('option', { name: 'Acme servers (10.9.0.0/24, VLAN 90)' }));
    expect(await screen.findByTestId('range-too-small')).toHaveTextContent(
      'This range has only 3 free addresses for 5 guests',
    );
    for (const step of ['Cloud-init', 'Review']) {
      await user.click(next());
      await screen.findByRole('heading', { name: step });
    }
    const review = screen.getByRole('table', { name: 'Review' });
    expect(within(review).getByText('web-1, web-2, web-3, web-4, web-5')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create 5 guests' }));
    // The API's 409 names the range; nothing went to the one-guest endpoint.
    expect(
      await screen.findByText(
        'Range "Acme servers" (10.9.0.0/24) has 3 free addresses; 5 guests need 5',
      ),
    ).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/vms')).toHaveLength(0);

    // Fewer guests: back to Resources, 3, and again.
    for (let i = 0; i < 3; i++) await user.click(screen.getByRole('button', { name: 'Back' }));
    await screen.findByRole('heading', { name: 'Resources' });
    const again = screen.getByRole('spinbutton', { name: 'Number of guests' });
    await user.clear(again);
    await user.type(again, '3');
    await user.click(next());
    expect(await screen.findByTestId('next-address')).toHaveTextContent(
      'Address: 10.9.0.2 for the first guest; each of the 3 guests gets its own next free address',
    );
    for (const step of ['Cloud-init', 'Review']) {
      await user.click(next());
      await screen.findByRole('heading', { name: step });
    }
    await user.click(screen.getByRole('button', { name: 'Create 3 guests' }));

    await waitFor(() => expect(net.callsTo('POST', '/api/vms/bulk-create')).toHaveLength(2));
    const [first, second] = net.callsTo('POST', '/api/vms/bulk-create');
    expect(second!.headers['idempotency-key']).not.toBe(first!.headers['idempotency-key']);
    const body = second!.body as { count: number; vm: Record<string, unknown> };
    expect(body.count).toBe(3);
    expect(body.vm).toMatchObject({
      companyId: ACME_ID,
      name: 'web',
      source: { type: 'template', templateId: TEMPLATE_ID, full: true },
      networks: [{ bridge: 'vmbr0', model: 'virtio', ipamRangeId: RANGE }],
    });

    // One row per guest: two jobs in progress, one refused with the API's reason.
    const guests = await screen.findAllByTestId('bulk-guest');
    expect(guests.map((g) => g.getAttribute('aria-label'))).toEqual(['web-1', 'web-2', 'web-3']);
    expect(within(guests[0]!).getByTestId('job-progress')).toBeInTheDocument();
    expect(within(guests[1]!).getByTestId('job-progress')).toBeInTheDocument();
    expect(within(guests[2]!).getByText('Over the guests quota (2).')).toBeInTheDocument();
    expect(screen.getByTestId('bulk-summary')).toHaveTextContent('1 refused');
  }, 120_000);
});
