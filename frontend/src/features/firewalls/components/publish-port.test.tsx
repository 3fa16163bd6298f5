import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  FirewallChangeDto,
  FirewallDto,
  FirewallPage,
  IpAddressView,
} from '@multpanel/contracts';
import { describe, expect, it } from 'vitest';
import type { FeatureModule } from '@/lib/feature-module';
import { Slot } from '@/lib/slots';
import { installFakeFetch } from '@/testing/fake-fetch';
import { ACME_ID, VM_ID, job, sessionFor } from '@/testing/fixtures';
import { firewallView, ipAddressView } from '@/testing/fixtures-network';
import { renderApp } from '@/testing/render-app';
import { firewallsFeature } from '../routes';

const FW = '0193a1b2-0000-7000-8000-0000000000f1';
const CHANGE = '0193a1b2-0000-7000-8000-0000000000c1';
const RANGE4 = '0193a1b2-0000-7000-8000-0000000000a2';
const RANGE6 = '0193a1b2-0000-7000-8000-0000000000a6';
const fw: FirewallDto = firewallView({ id: FW });
const page: FirewallPage = { items: [fw], total: 1, page: 1, pageSize: 50 };
const addr = (address: string): IpAddressView =>
  ipAddressView({
    id: `a-${address}`,
    rangeId: address.includes(':') ? RANGE6 : RANGE4,
    address,
    guestId: VM_ID,
  });

/** A stand-in for the guest page: its header slot, where the firewalls feature adds its button. */
const guestHost: FeatureModule = {
  id: 'guest-host',
  routes: [{ path: 'guest', element: <Slot name="vm.show.actions" guestId={VM_ID} /> }],
};

const change = (over: Partial<FirewallChangeDto>): FirewallChangeDto => ({
  id: CHANGE,
  firewallId: FW,
  status: 'pending',
  operations: [],
  diff: [
    {
      op: 'create',
      kind: 'd_nat',
      uuid: null,
      before: null,
      after: { 'destination.port': '443', target: '10.20.0.20', 'local-port': '8443' },
    },
  ],
  note: null,
  reason: null,
  durationMs: null,
  jobId: null,
  revertOfId: null,
  createdAt: '2026-12-06T10:00:00.000Z',
  appliedAt: null,
  ...over,
});

const routes = (applied: FirewallChangeDto) => ({
  [`GET /api/ipam/guests/${VM_ID}/addresses`]: {
    body: [addr('2001:db8::20'), addr('10.20.0.20')],
  },
  'GET /api/firewalls': (req: { query: URLSearchParams }) =>
    req.query.get('companyId') === ACME_ID ? { body: page } : { body: { ...page, items: [] } },
  [`POST /api/firewalls/${FW}/changes`]: { status: 201, body: change({}) },
  // 202: the tracked job, already ended here; the dialog then reads the change as it ended
  [`POST /api/firewalls/${FW}/changes/${CHANGE}/apply`]: {
    status: 202,
    body: job({
      id: 'job-apply',
      type: 'firewalls.apply-change',
      status: applied.status === 'applied' ? 'succeeded' : 'failed',
      progress: 100,
      guestId: null,
      error: applied.reason,
    }),
  },
  'GET /api/jobs/job-apply': {
    body: job({
      id: 'job-apply',
      type: 'firewalls.apply-change',
      status: applied.status === 'applied' ? 'succeeded' : 'failed',
      progress: 100,
      guestId: null,
      error: applied.reason,
    }),
  },
  [`GET /api/firewalls/${FW}/changes/${CHANGE}`]: { body: { ...applied, jobId: 'job-apply' } },
});

async function openAndPreview(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Publish a port' }));
  const dialog = await screen.findByRole('dialog');
  expect(await within(dialog).findByRole('combobox', { name: 'Guest address' })).toHaveTextContent(
    '10.20.0.20',
  );
  await user.type(within(dialog).getByLabelText('Public port'), '70000');
  await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
  expect(await within(dialog).findAllByText(/a port 1–65535/)).toHaveLength(2);
  await user.clear(within(dialog).getByLabelText('Public port'));
  await user.type(within(dialog).getByLabelText('Public port'), '443');
  await user.type(within(dialog).getByLabelText('Port on the guest'), '8443');
  await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
  return dialog;
}

describe('publish a port of a guest', () => {
  it(
    'creates a port forward change set to the guest address, shows its diff and applies it',
    { timeout: 90_000 },
    async () => {
      const net = installFakeFetch(
        routes(change({ status: 'applied', appliedAt: '2026-12-06T10:00:02.000Z' })),
      );
      renderApp('/guest', {
        session: sessionFor('company_admin'),
        consoleFeatures: [guestHost, firewallsFeature],
      });
      const user = userEvent.setup();
      const dialog = await openAndPreview(user);
      await waitFor(() =>
        expect(net.callsTo('POST', `/api/firewalls/${FW}/changes`)).toHaveLength(1),
      );
      expect(net.callsTo('POST', `/api/firewalls/${FW}/changes`)[0]!.body).toEqual({
        operations: [
          {
            op: 'create',
            kind: 'd_nat',
            item: {
              disabled: '0',
              interface: 'wan',
              protocol: 'tcp',
              'source.network': 'any',
              'destination.network': 'wanip',
              'destination.port': '443',
              target: '10.20.0.20',
              'local-port': '8443',
              descr: 'publish 443 of guest 10.20.0.20',
            },
          },
        ],
      });
      const diff = await within(dialog).findByRole('region', { name: 'Change to apply' });
      expect(diff).toHaveTextContent('destination.port=443 target=10.20.0.20 local-port=8443');
      expect(net.callsTo('POST', `/api/firewalls/${FW}/changes/${CHANGE}/apply`)).toHaveLength(0);
      await user.click(within(dialog).getByRole('button', { name: 'Apply' }));
      expect(await within(dialog).findByText('Port 443 now forwards to 10.20.0.20.')).toBeTruthy();
      expect(net.callsTo('POST', `/api/firewalls/${FW}/changes/${CHANGE}/apply`)).toHaveLength(1);
    },
  );

  it('says when the apply failed and was reverted', { timeout: 90_000 }, async () => {
    installFakeFetch(
      routes(
        change({ status: 'failed', reason: 'The firewall stopped answering after the apply' }),
      ),
    );
    renderApp('/guest', {
      session: sessionFor('company_admin'),
      consoleFeatures: [guestHost, firewallsFeature],
    });
    const user = userEvent.setup();
    const dialog = await openAndPreview(user);
    await user.click(await within(dialog).findByRole('button', { name: 'Apply' }));
    expect(
      await within(dialog).findByText(
        'The change failed and was reverted: The firewall stopped answering after the apply',
      ),
    ).toBeTruthy();
  });

  it('is not offered without firewall.manage', async () => {
    installFakeFetch({});
    renderApp('/guest', {
      session: sessionFor('user'),
      consoleFeatures: [guestHost, firewallsFeature],
    });
    await screen.findByRole('main').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    expect(screen.queryByRole('button', { name: 'Publish a port' })).toBeNull();
  });
});
