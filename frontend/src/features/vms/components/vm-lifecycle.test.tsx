import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { CLUSTER_ID, VM_ID, acmeAdminSession, job, vmDetail } from '../testing/vm-fixtures';

const FIRST_PAINT = { timeout: 15_000 };
const stopped = { status: 'stopped', live: null };

/** GET /api/vms/:id/migrate-targets for a guest on pve1. */
const targets = (over: Record<string, unknown> = {}) => ({
  node: 'pve1',
  running: false,
  targets: [
    { node: 'pve2', allowed: true, reasons: [] },
    { node: 'pve3', allowed: false, reasons: ['node is offline'] },
    { node: 'pve4', allowed: false, reasons: ['storage not available there: local-zfs'] },
  ],
  localDisks: [],
  localResources: [],
  onlineBlockers: [],
  ...over,
});

/** The reason a disabled action gives, read from its tooltip. */
async function reasonOf(user: ReturnType<typeof userEvent.setup>, name: string) {
  const button = screen.getByRole('button', { name });
  expect(button).toBeDisabled();
  await user.hover(button.parentElement!);
  const tip = await screen.findByRole('tooltip');
  const text = tip.textContent;
  await user.unhover(button.parentElement!);
  await waitFor(() => expect(screen.queryByRole('tooltip')).not.toBeInTheDocument());
  return text;
}

describe('guest migrate and convert to template', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('staff migrate a stopped VM to a node Proxmox allows, with reasons for the others', async () => {
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail(stopped) },
      [`GET /api/vms/${VM_ID}/migrate-targets`]: {
        body: targets({
          localDisks: [
            { volid: 'local-lvm:vm-101-disk-0', sizeBytes: 1024, cdrom: false },
            { volid: 'local:iso/debian.iso', sizeBytes: null, cdrom: true },
          ],
        }),
      },
      [`POST /api/vms/${VM_ID}/migrate`]: {
        status: 202,
        body: { job: job({ type: 'vm.migrate' }), vmId: VM_ID },
      },
      'GET /api/jobs/job-1': { body: job({ type: 'vm.migrate', progress: 40 }) },
    });
    const user = userEvent.setup();
    renderApp(`/vms/${VM_ID}`, { session: sessionFor('super_admin') });

    await user.click(await screen.findByRole('button', { name: 'Migrate' }, FIRST_PAINT));
    const dialog = await screen.findByRole('dialog', { name: 'Migrate web-1' });
    expect(within(dialog).getByText(/from pve1 to another node of cluster demo/)).toBeVisible();
    // A stopped VM: no live-migration choice.
    expect(within(dialog).queryByRole('switch')).not.toBeInTheDocument();
    expect(
      await within(dialog).findByText(/copied to the target.*local-lvm:vm-101-disk-0\.$/),
    ).toBeVisible();
    const submit = within(dialog).getByRole('button', { name: 'Migrate' });
    expect(submit).toBeDisabled();

    await user.click(within(dialog).getByRole('combobox', { name: 'Target node' }));
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      'pve2',
      'pve3node is offline',
      'pve4storage not available there: local-zfs',
    ]);
    expect(screen.getByRole('option', { name: /pve3/ })).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByRole('option', { name: /pve4/ })).toHaveAttribute('aria-disabled', 'true');
    await user.click(screen.getByRole('option', { name: 'pve2' }));
    await user.click(submit);

    await waitFor(() => expect(net.callsTo('POST', `/api/vms/${VM_ID}/migrate`)).toHaveLength(1));
    expect(net.callsTo('POST', `/api/vms/${VM_ID}/migrate`)[0]!.body).toEqual({
      targetNode: 'pve2',
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(
      await screen.findByRole('progressbar', { name: 'Progress of Migrate' }),
    ).toBeInTheDocument();
    expect(net.callsTo('GET', `/api/clusters/${CLUSTER_ID}/nodes`)).toHaveLength(0);
  });

  it('a salesperson picks the target too and moves a running VM live; offline needs a stop', async () => {
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail() },
      [`GET /api/vms/${VM_ID}/migrate-targets`]: { body: targets({ running: true }) },
      [`POST /api/vms/${VM_ID}/migrate`]: {
        status: 202,
        body: { job: job({ type: 'vm.migrate' }), vmId: VM_ID },
      },
      'GET /api/jobs/job-1': { body: job({ type: 'vm.migrate' }) },
    });
    const user = userEvent.setup();
    renderApp(`/vms/${VM_ID}`, { session: sessionFor('salesperson') });

    // Running: converting needs a stop first.
    await screen.findByRole('button', { name: 'Migrate' }, FIRST_PAINT);
    expect(await reasonOf(user, 'Convert to template')).toBe('Stop the guest first');

    await user.click(screen.getByRole('button', { name: 'Migrate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Migrate web-1' });
    const submit = within(dialog).getByRole('button', { name: 'Migrate' });
    await user.click(await within(dialog).findByRole('combobox', { name: 'Target node' }));
    await user.click(await screen.findByRole('option', { name: 'pve2' }));

    const live = within(dialog).getByRole('switch', {
      name: 'Live migration (the VM keeps running)',
    });
    expect(live).toBeChecked();
    await user.click(live);
    expect(within(dialog).getByText(/can only move live/)).toBeVisible();
    expect(submit).toBeDisabled();
    await user.click(live);
    expect(submit).toBeEnabled();
    await user.click(submit);

    await waitFor(() => expect(net.callsTo('POST', `/api/vms/${VM_ID}/migrate`)).toHaveLength(1));
    expect(net.callsTo('POST', `/api/vms/${VM_ID}/migrate`)[0]!.body).toEqual({
      targetNode: 'pve2',
      online: true,
    });
  });

  it('explains what blocks a live migration and refuses to send it', async () => {
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail() },
      [`GET /api/vms/${VM_ID}/migrate-targets`]: {
        body: targets({
          running: true,
          onlineBlockers: ['mapped devices cannot move live: hostpci0'],
        }),
      },
    });
    const user = userEvent.setup();
    renderApp(`/vms/${VM_ID}`, { session: sessionFor('salesperson') });
    await user.click(await screen.findByRole('button', { name: 'Migrate' }, FIRST_PAINT));
    const dialog = await screen.findByRole('dialog', { name: 'Migrate web-1' });
    expect(
      await within(dialog).findByText(
        'It cannot move live (mapped devices cannot move live: hostpci0). Stop it first, then migrate it offline.',
      ),
    ).toBeVisible();
    expect(within(dialog).getByRole('switch')).toBeDisabled();
    await user.click(within(dialog).getByRole('combobox', { name: 'Target node' }));
    await user.click(await screen.findByRole('option', { name: 'pve2' }));
    expect(within(dialog).getByRole('button', { name: 'Migrate' })).toBeDisabled();
    expect(net.callsTo('POST', `/api/vms/${VM_ID}/migrate`)).toHaveLength(0);
  });

  it('shows a failed precondition and the API refusal in the dialog', async () => {
    const first = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail(stopped) },
      [`GET /api/vms/${VM_ID}/migrate-targets`]: {
        status: 503,
        body: {
          statusCode: 503,
          code: 'DEPENDENCY_UNAVAILABLE',
          message: 'The cluster is offline',
        },
      },
    });
    const user = userEvent.setup();
    const view = renderApp(`/vms/${VM_ID}`, { session: sessionFor('salesperson') });
    await user.click(await screen.findByRole('button', { name: 'Migrate' }, FIRST_PAINT));
    let dialog = await screen.findByRole('dialog', { name: 'Migrate web-1' });
    expect(await within(dialog).findByText('The cluster is offline')).toBeVisible();
    expect(within(dialog).getByRole('button', { name: 'Migrate' })).toBeDisabled();
    expect(first.callsTo('POST', `/api/vms/${VM_ID}/migrate`)).toHaveLength(0);
    view.unmount();

    installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail(stopped) },
      [`GET /api/vms/${VM_ID}/migrate-targets`]: { body: targets() },
      [`POST /api/vms/${VM_ID}/migrate`]: {
        status: 404,
        body: { statusCode: 404, code: 'NOT_FOUND', message: 'Node not found' },
      },
    });
    renderApp(`/vms/${VM_ID}`, { session: sessionFor('salesperson') });
    await user.click(await screen.findByRole('button', { name: 'Migrate' }, FIRST_PAINT));
    dialog = await screen.findByRole('dialog', { name: 'Migrate web-1' });
    await user.click(await within(dialog).findByRole('combobox', { name: 'Target node' }));
    await user.click(await screen.findByRole('option', { name: 'pve2' }));
    await user.click(within(dialog).getByRole('button', { name: 'Migrate' }));
    expect(await within(dialog).findByText('Node not found')).toBeVisible();
  });

  it('converts a stopped guest to a template after a warning that it cannot be undone', async () => {
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail(stopped) },
      [`POST /api/vms/${VM_ID}/template`]: {
        status: 202,
        body: { job: job({ type: 'vm.template' }), vmId: VM_ID },
      },
      'GET /api/jobs/job-1': { body: job({ type: 'vm.template', progress: 30 }) },
    });
    const user = userEvent.setup();
    renderApp(`/vms/${VM_ID}`, { session: acmeAdminSession() });

    await user.click(
      await screen.findByRole('button', { name: 'Convert to template' }, FIRST_PAINT),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Convert web-1 to a template?' });
    expect(within(dialog).getByText(/This cannot be undone\./)).toBeVisible();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(net.callsTo('POST', `/api/vms/${VM_ID}/template`)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Convert to template' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Convert for good' }),
    );
    await waitFor(() => expect(net.callsTo('POST', `/api/vms/${VM_ID}/template`)).toHaveLength(1));
    expect(net.callsTo('POST', `/api/vms/${VM_ID}/template`)[0]!.body).toBeUndefined();
    expect(
      await screen.findByRole('progressbar', { name: 'Progress of Convert to template' }),
    ).toBeInTheDocument();
  });

  it('hides Migrate from customers; disables with the reason: user role, locked guest, offline cluster; a template cannot convert', async () => {
    const user = userEvent.setup();
    const session = acmeAdminSession();
    installFakeFetch({ [`GET /api/vms/${VM_ID}`]: { body: vmDetail(stopped) } });
    const asUser = renderApp(`/vms/${VM_ID}`, {
      session: { ...session, user: { ...session.user, role: 'user' } },
    });
    await screen.findByRole('button', { name: 'Convert to template' }, FIRST_PAINT);
    const adminsOnly = 'Only company administrators and staff can move or convert a guest';
    expect(await reasonOf(user, 'Convert to template')).toBe(adminsOnly);
    // Moving between nodes is staff-only: customers see neither Migrate nor the node's name.
    expect(screen.queryByRole('button', { name: 'Migrate' })).not.toBeInTheDocument();
    asUser.unmount();
    installFakeFetch({ [`GET /api/vms/${VM_ID}`]: { body: vmDetail(stopped) } });
    const asAdmin = renderApp(`/vms/${VM_ID}`, { session });
    await screen.findByRole('button', { name: 'Convert to template' }, FIRST_PAINT);
    expect(screen.queryByRole('button', { name: 'Migrate' })).not.toBeInTheDocument();
    expect(screen.queryByText(/pve1/)).not.toBeInTheDocument();
    asAdmin.unmount();

    installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail({ ...stopped, lock: 'backup' }) },
    });
    const locked = renderApp(`/vms/${VM_ID}`, { session: sessionFor('salesperson') });
    await screen.findByRole('button', { name: 'Migrate' }, FIRST_PAINT);
    expect(await reasonOf(user, 'Migrate')).toBe('The guest is locked (backup)');
    locked.unmount();

    installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: {
        body: vmDetail({ ...stopped, clusterStatus: 'offline', template: true }),
      },
    });
    renderApp(`/vms/${VM_ID}`, { session: sessionFor('salesperson') });
    await screen.findByRole('button', { name: 'Migrate' }, FIRST_PAINT);
    expect(await reasonOf(user, 'Migrate')).toBe('Cluster demo is offline');
    expect(screen.queryByRole('button', { name: 'Convert to template' })).not.toBeInTheDocument();
  });
});
