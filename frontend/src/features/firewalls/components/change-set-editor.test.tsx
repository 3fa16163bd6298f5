import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  FirewallChangeDto,
  FirewallDeployMetricsDto,
  FirewallDto,
  FirewallTargetPage,
} from '@multpanel/contracts';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { VM_ID, job, sessionFor } from '@/testing/fixtures';
import { firewallView } from '@/testing/fixtures-network';
import { renderApp } from '@/testing/render-app';
import { firewallsFeature } from '../routes';

const FW = '0193a1b2-0000-7000-8000-0000000000f1';
const DNAT = '0193a1b2-0000-7000-8000-00000000aa01';
const fw: FirewallDto = firewallView({ id: FW });
const metrics: FirewallDeployMetricsDto = {
  byAuthMethod: [],
  changes: {
    authMethod: 'api_key',
    changes: 0,
    applied: 0,
    successRate: 0,
    meanMs: null,
    maxMs: null,
  },
};
const base: FirewallChangeDto = {
  id: '0193a1b2-0000-7000-8000-0000000000c1',
  firewallId: FW,
  status: 'pending',
  operations: [],
  diff: [],
  note: null,
  reason: null,
  durationMs: null,
  jobId: null,
  revertOfId: null,
  createdAt: '2026-12-06T10:00:00.000Z',
  appliedAt: null,
};
const row = {
  uuid: DNAT,
  disabled: '0',
  interface: 'wan',
  protocol: 'tcp',
  'source.network': 'any',
  'destination.network': 'wanip',
  'destination.port': '443',
  target: '10.20.0.10',
  'local-port': '443',
  descr: 'web',
};
const targets: FirewallTargetPage = {
  items: [{ address: '10.20.0.30', guestId: VM_ID, guestName: 'shop', hostname: null }],
  total: 1,
  page: 1,
  pageSize: 25,
};
const applyJob = (status: 'succeeded' | 'failed') =>
  job({
    id: 'job-apply',
    type: 'firewalls.apply-change',
    status,
    progress: 100,
    guestId: null,
  });

function page(extra: Record<string, unknown>) {
  return installFakeFetch({
    [`GET /api/firewalls/${FW}`]: { body: fw },
    'GET /api/firewalls/deployments/metrics': { body: metrics },
    'GET /api/firewalls/deployments': { body: [] },
    [`GET /api/firewalls/${FW}/items/d_nat`]: { body: { kind: 'd_nat', rows: [row] } },
    [`GET /api/firewalls/${FW}/items/alias`]: { body: { kind: 'alias', rows: [] } },
    [`GET /api/firewalls/${FW}/targets`]: { body: targets },
    'GET /api/jobs/job-apply': { body: applyJob('succeeded') },
    ...extra,
  });
}

describe('firewall rule/NAT/alias editor', () => {
  it(
    'gathers edits and new items into one change set, previews the diff and applies it',
    { timeout: 120_000 },
    async () => {
      const previewed: FirewallChangeDto = {
        ...base,
        diff: [
          {
            op: 'update',
            kind: 'd_nat',
            uuid: DNAT,
            before: { ...row, uuid: undefined },
            after: { ...row, uuid: undefined, target: '10.20.0.30' },
          },
          {
            op: 'create',
            kind: 'alias',
            uuid: null,
            before: null,
            after: { enabled: '1', name: 'web', type: 'host', content: '10.20.0.30' },
          },
        ],
      };
      const net = page({
        [`GET /api/firewalls/${FW}/changes`]: { body: [] },
        [`POST /api/firewalls/${FW}/changes`]: { status: 201, body: previewed },
        [`POST /api/firewalls/${FW}/changes/${base.id}/apply`]: {
          status: 202,
          body: applyJob('succeeded'),
        },
        [`GET /api/firewalls/${FW}/changes/${base.id}`]: {
          body: { ...previewed, status: 'applied', jobId: 'job-apply' },
        },
      });
      renderApp(`/firewalls/${FW}`, {
        session: sessionFor('company_admin'),
        consoleFeatures: [firewallsFeature],
      });
      const user = userEvent.setup();
      // edit the port forward: its target from the guest picker
      await user.click(await screen.findByRole('menuitem', { name: 'Edit' }, { timeout: 45_000 }));
      let dialog = await screen.findByRole('dialog');
      const target = within(dialog).getByRole('combobox', { name: 'target' });
      await user.clear(target);
      await user.type(target, '10.20');
      await user.click(await screen.findByRole('option', { name: 'shop — 10.20.0.30' }));
      await user.clear(within(dialog).getByLabelText('destination.port'));
      await user.type(within(dialog).getByLabelText('destination.port'), '70000');
      await user.click(within(dialog).getByRole('button', { name: 'Add to the change set' }));
      expect(await within(dialog).findByText(/a port 1–65535/)).toBeTruthy();
      await user.clear(within(dialog).getByLabelText('destination.port'));
      await user.type(within(dialog).getByLabelText('destination.port'), '443');
      await user.click(within(dialog).getByRole('button', { name: 'Add to the change set' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      // a new alias on the Aliases tab
      await user.click(screen.getByRole('tab', { name: 'Aliases' }));
      await user.click(await screen.findByRole('button', { name: 'Add to Aliases' }));
      dialog = await screen.findByRole('dialog');
      await user.type(within(dialog).getByLabelText('name'), 'web');
      await user.type(within(dialog).getByLabelText('content'), '10.20.0.30');
      await user.click(within(dialog).getByRole('button', { name: 'Add to the change set' }));
      const draft = await screen.findByRole('region', { name: 'Change set' });
      expect(draft).toHaveTextContent('Change set: 2 operations, not on the firewall yet');
      // nothing reaches the API until the preview
      expect(net.callsTo('POST', `/api/firewalls/${FW}/changes`)).toHaveLength(0);
      await user.click(within(draft).getByRole('button', { name: 'Preview changes' }));
      await waitFor(() =>
        expect(net.callsTo('POST', `/api/firewalls/${FW}/changes`)).toHaveLength(1),
      );
      expect(net.callsTo('POST', `/api/firewalls/${FW}/changes`)[0]!.body).toEqual({
        operations: [
          { op: 'update', kind: 'd_nat', uuid: DNAT, item: { target: '10.20.0.30' } },
          {
            op: 'create',
            kind: 'alias',
            item: { enabled: '1', name: 'web', type: 'host', content: '10.20.0.30' },
          },
        ],
      });
      // the diff: before and after per object, an update showing only what changes
      dialog = await screen.findByRole('dialog', { name: 'Review and apply the change set' });
      const update = within(dialog).getByRole('region', { name: 'Update Port forwards “web”' });
      expect(
        within(update)
          .getAllByRole('row')
          .map((r) => r.textContent),
      ).toEqual(['FieldBeforeAfter', 'target10.20.0.1010.20.0.30']);
      const create = within(dialog).getByRole('region', { name: 'Create Aliases “web”' });
      expect(create).toHaveTextContent('content—10.20.0.30');
      expect(screen.queryByRole('region', { name: 'Change set' })).toBeNull();
      await user.click(within(dialog).getByRole('button', { name: 'Apply' }));
      expect(
        await within(dialog).findByText('The change set is applied on the firewall.'),
      ).toBeTruthy();
      expect(net.callsTo('POST', `/api/firewalls/${FW}/changes/${base.id}/apply`)).toHaveLength(1);
    },
  );

  it(
    'reverts an applied change from the history: the inverse is previewed, then applied',
    { timeout: 120_000 },
    async () => {
      const applied: FirewallChangeDto = {
        ...base,
        status: 'applied',
        note: 'open 443',
        operations: [{ op: 'create', kind: 'alias', item: { name: 'web', type: 'host' } }],
        appliedAt: '2026-12-06T10:00:02.000Z',
      };
      const REVERT = '0193a1b2-0000-7000-8000-0000000000c2';
      const revert: FirewallChangeDto = {
        ...base,
        id: REVERT,
        revertOfId: applied.id,
        note: `Revert of change ${applied.id}`,
        operations: [{ op: 'delete', kind: 'alias', uuid: DNAT }],
        diff: [
          {
            op: 'delete',
            kind: 'alias',
            uuid: DNAT,
            before: { name: 'web', type: 'host', content: '' },
            after: null,
          },
        ],
      };
      const net = page({
        [`GET /api/firewalls/${FW}/changes`]: { body: [applied] },
        [`POST /api/firewalls/${FW}/changes/${applied.id}/revert`]: { status: 201, body: revert },
        [`POST /api/firewalls/${FW}/changes/${REVERT}/apply`]: {
          status: 202,
          body: applyJob('failed'),
        },
        'GET /api/jobs/job-apply': { body: applyJob('failed') },
        [`GET /api/firewalls/${FW}/changes/${REVERT}`]: {
          body: { ...revert, status: 'failed', reason: 'Item in use by: filter.rule.x' },
        },
      });
      renderApp(`/firewalls/${FW}`, {
        session: sessionFor('company_admin'),
        consoleFeatures: [firewallsFeature],
      });
      const user = userEvent.setup();
      await user.click(await screen.findByRole('button', { name: 'Revert' }, { timeout: 45_000 }));
      const dialog = await screen.findByRole('dialog', {
        name: 'Revert a change: review and apply',
      });
      expect(
        within(dialog).getByRole('region', { name: 'Delete Aliases “web”' }),
      ).toHaveTextContent('nameweb—');
      expect(net.callsTo('POST', `/api/firewalls/${FW}/changes/${applied.id}/revert`)).toHaveLength(
        1,
      );
      await user.click(within(dialog).getByRole('button', { name: 'Apply' }));
      expect(
        await within(dialog).findByText(
          'The change failed and was reverted: Item in use by: filter.rule.x',
        ),
      ).toBeTruthy();
    },
  );

  it('offers no editing without firewall.manage', { timeout: 90_000 }, async () => {
    page({ [`GET /api/firewalls/${FW}/changes`]: { body: [{ ...base, status: 'applied' }] } });
    renderApp(`/firewalls/${FW}`, {
      // a custom role that may read firewalls but not change them
      session: { ...sessionFor('user'), permissions: ['firewall.read'] },
      consoleFeatures: [firewallsFeature],
    });
    expect(await screen.findByText('10.20.0.10', {}, { timeout: 45_000 })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add to Port forwards' })).toBeNull();
    expect(screen.queryByRole('menuitem', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Revert' })).toBeNull();
  });
});
