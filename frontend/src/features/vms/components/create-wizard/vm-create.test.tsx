import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { paged } from '@/testing/fixtures';
import { ipAddressView, ipRangeView } from '@/testing/fixtures-network';
import { renderApp } from '@/testing/render-app';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import {
  ACME_ID,
  CLUSTER_ID,
  TEMPLATE_ID,
  VM_ID,
  acmeAdminSession,
  job,
  template,
  templatePage,
} from '../../testing/vm-fixtures';

const next = () => screen.getByRole('button', { name: 'Next' });

describe('create wizard', () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('refuses a VLAN outside 1-4094, then sends the contract body with an Idempotency-Key', async () => {
    const net = installFakeFetch({
      'GET /api/templates': {
        body: templatePage([template(), template({ id: 'lxc-t', kind: 'lxc', name: 'alpine' })]),
      },
      'POST /api/vms': {
        status: 202,
        body: { job: job({ progress: 0, status: 'queued' }), vmId: VM_ID },
      },
      [`GET /api/jobs/job-1`]: { body: job({ progress: 40 }) },
    });
    const user = userEvent.setup();
    renderApp('/vms/new', { session: acmeAdminSession() });

    // The first visit loads the lazy route chunk; give it time under a parallel run.
    await screen.findByRole('heading', { name: 'Kind' }, { timeout: 15_000 });
    await user.click(next());

    // Source: only templates of the chosen kind are offered; nothing chosen is refused.
    await screen.findByRole('heading', { name: 'Source' });
    expect(await screen.findByLabelText(/debian-12-cloud/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/alpine/)).not.toBeInTheDocument();
    await user.click(next());
    expect(await screen.findByText('Choose what to start from.')).toBeInTheDocument();
    await user.click(screen.getByLabelText(/debian-12-cloud/));
    await user.click(next());

    await screen.findByRole('heading', { name: 'Placement' });
    await user.click(next());

    await screen.findByRole('heading', { name: 'Resources' });
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'web-2');
    await user.click(next());

    await screen.findByRole('heading', { name: 'Network' });
    const vlan = screen.getByRole('textbox', { name: 'VLAN tag' });
    await user.type(vlan, '5000');
    await user.click(next());
    expect(
      await screen.findByText('The VLAN tag must be a whole number from 1 to 4094.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Network' })).toBeInTheDocument();
    await user.clear(vlan);
    await user.type(vlan, '0');
    await user.click(next());
    expect(screen.getByRole('heading', { name: 'Network' })).toBeInTheDocument();
    await user.clear(vlan);
    await user.type(vlan, '120');
    await user.click(next());

    await screen.findByRole('heading', { name: 'Cloud-init' });
    const ip = screen.getByRole('textbox', { name: 'IPv4 address' });
    await user.clear(ip);
    await user.type(ip, '10.0.0.5/24');
    await user.click(next());

    const review = await screen.findByRole('table', { name: 'Review' });
    expect(within(review).getByText('vmbr0 (VLAN 120)')).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/vms')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(net.callsTo('POST', '/api/vms')).toHaveLength(1));
    const sent = net.callsTo('POST', '/api/vms')[0]!;
    expect(sent.headers['idempotency-key']).toMatch(/^[0-9a-f-]{20,}$/);
    expect(sent.body).toEqual({
      companyId: ACME_ID,
      kind: 'qemu',
      source: { type: 'template', templateId: TEMPLATE_ID, full: true },
      clusterId: CLUSTER_ID,
      name: 'web-2',
      cores: 2,
      memoryMb: 2048,
      disks: [{ sizeGb: 20 }],
      networks: [{ bridge: 'vmbr0', vlan: 120, model: 'virtio' }],
      cloudInit: { ipConfig: [{ ip: '10.0.0.5/24' }] },
      start: true,
    });
    expect(await screen.findByTestId('job-progress')).toBeInTheDocument();
  }, 90_000);

  it('keeps the Idempotency-Key across a server error retry, renews it after a 4xx', async () => {
    const answers = [
      { status: 503, body: { statusCode: 503, code: 'INTERNAL', message: 'Try again' } },
      {
        status: 409,
        body: { statusCode: 409, code: 'QUOTA_EXCEEDED', message: 'Over the guests quota (10).' },
      },
      { status: 202, body: { job: job(), vmId: VM_ID } },
    ];
    const net = installFakeFetch({
      'GET /api/templates': { body: templatePage([template()]) },
      'POST /api/vms': () => answers.shift()!,
      'GET /api/jobs/job-1': { body: job() },
    });
    const user = userEvent.setup();
    renderApp('/vms/new', { session: acmeAdminSession() });
    await screen.findByRole('heading', { name: 'Kind' }, { timeout: 15_000 });
    await user.click(next());
    await user.click(await screen.findByLabelText(/debian-12-cloud/));
    await user.click(next());
    await screen.findByRole('heading', { name: 'Placement' });
    await user.click(next());
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'web-3');
    for (const step of ['Network', 'Cloud-init', 'Review']) {
      await user.click(next());
      await screen.findByRole('heading', { name: step });
    }
    const create = screen.getByRole('button', { name: 'Create' });
    await user.click(create);
    expect(await screen.findByText('Try again')).toBeInTheDocument();
    await user.click(create);
    expect(await screen.findByText('Over the guests quota (10).')).toBeInTheDocument();
    await user.click(create);
    await screen.findByTestId('job-progress');

    const keys = net.callsTo('POST', '/api/vms').map((c) => c.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('picks an IPAM range per NIC, shows the address it will get and sends the range', async () => {
    const RANGE = '55555555-5555-4555-8555-555555555555';
    const range = (id: string, name: string, companyId: string | null) =>
      ipRangeView({ id, name, cidr: '10.9.0.0/24', companyId, vlan: 90 });
    const net = installFakeFetch({
      'GET /api/templates': { body: templatePage([template()]) },
      'GET /api/ipam/ranges': {
        body: {
          items: [
            range(RANGE, 'Acme servers', ACME_ID),
            range('66666666-6666-4666-8666-666666666666', 'Other company', 'other-company'),
          ],
          total: 2,
          page: 1,
          pageSize: 200,
        },
      },
      [`GET /api/ipam/ranges/${RANGE}/addresses`]: {
        body: {
          ...paged(
            [
              ipAddressView({
                id: null,
                rangeId: RANGE,
                address: '10.9.0.2',
                status: 'free',
                purpose: null,
                guestId: null,
                guestName: null,
                nic: null,
                allocatedAt: null,
              }),
            ],
            { total: 253, pageSize: 1 },
          ),
          nextCursor: null,
        },
      },
      'POST /api/vms': { status: 202, body: { job: job(), vmId: VM_ID } },
      'GET /api/jobs/job-1': { body: job() },
    });
    const user = userEvent.setup();
    renderApp('/vms/new', { session: acmeAdminSession() });
    await screen.findByRole('heading', { name: 'Kind' }, { timeout: 15_000 });
    await user.click(next());
    await user.click(await screen.findByLabelText(/debian-12-cloud/));
    await user.click(next());
    await screen.findByRole('heading', { name: 'Placement' });
    await user.click(next());
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'web-4');
    await user.click(next());
    await screen.findByRole('heading', { name: 'Network' });
    await user.click(await screen.findByRole('combobox', { name: 'Network (IP range)' }));
    expect(screen.queryByRole('option', { name: /Other company/ })).toBeNull();
    await user.click(screen.getByRole('option', { name: 'Acme servers (10.9.0.0/24, VLAN 90)' }));
    expect(await screen.findByTestId('next-address')).toHaveTextContent('Address: 10.9.0.2');
    for (const step of ['Cloud-init', 'Review']) {
      await user.click(next());
      await screen.findByRole('heading', { name: step });
    }
    await user.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(net.callsTo('POST', '/api/vms')).toHaveLength(1));
    expect((net.callsTo('POST', '/api/vms')[0]!.body as { networks: unknown }).networks).toEqual([
      { bridge: 'vmbr0', model: 'virtio', ipamRangeId: RANGE },
    ]);
  });
});
