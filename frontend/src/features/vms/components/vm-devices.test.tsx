import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { renderApp } from '@/testing/render-app';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { ACME_ID, CLUSTER_ID, VM_ID, acmeAdminSession, vmDetail } from '../testing/vm-fixtures';

const FIRST_PAINT = { timeout: 15_000 };
const ISO = 'local:iso/debian-12.7.0-amd64-netinst.iso';
const base = vmDetail();
const withConfig = (over: Partial<NonNullable<typeof base.config>>) =>
  vmDetail({ config: { ...base.config!, ...over } });

describe('guest devices: notes, add disk, CD/DVD, boot order', { timeout: 90_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('edits the notes on the summary tab', async () => {
    let current = vmDetail();
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: () => ({ body: current }),
      [`GET /api/vms/${VM_ID}/rrd`]: { body: [] },
      [`PUT /api/vms/${VM_ID}`]: () => {
        current = withConfig({ description: 'Billing DB' });
        return { body: current };
      },
    });
    const user = userEvent.setup();
    renderApp(`/vms/${VM_ID}`, { session: acmeAdminSession() });
    expect(await screen.findByText('No notes yet.', {}, FIRST_PAINT)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Edit notes' }));
    await user.type(screen.getByRole('textbox', { name: 'Notes' }), 'Billing DB');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(net.callsTo('PUT', `/api/vms/${VM_ID}`)).toHaveLength(1));
    expect(net.callsTo('PUT', `/api/vms/${VM_ID}`)[0]!.body).toEqual({ description: 'Billing DB' });
    expect(await screen.findByText('Billing DB')).toBeInTheDocument();
  });

  it('adds a disk on a storage of the guest node that takes VM disks', async () => {
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail() },
      'GET /api/vms/placement/resources': {
        body: {
          clusterId: CLUSTER_ID,
          guestNetwork: null,
          nodes: [
            {
              node: 'pve1',
              online: true,
              bridges: [],
              storages: [
                {
                  storage: 'local-lvm',
                  type: 'lvmthin',
                  shared: false,
                  content: ['images', 'rootdir'],
                  availBytes: 100 * 1024 ** 3,
                  totalBytes: null,
                },
                {
                  storage: 'ct-only',
                  type: 'dir',
                  shared: false,
                  content: ['rootdir'],
                  availBytes: null,
                  totalBytes: null,
                },
              ],
            },
            {
              node: 'pve2',
              online: true,
              bridges: [],
              storages: [
                {
                  storage: 'far',
                  type: 'dir',
                  shared: false,
                  content: ['images'],
                  availBytes: null,
                  totalBytes: null,
                },
              ],
            },
          ],
        },
      },
      [`GET /api/media`]: { body: [] },
      [`PUT /api/vms/${VM_ID}`]: { body: vmDetail() },
    });
    const user = userEvent.setup();
    renderApp(`/vms/${VM_ID}?tab=hardware`, { session: acmeAdminSession() });
    await user.click(await screen.findByRole('button', { name: 'Add disk' }, FIRST_PAINT));
    const dialog = await screen.findByRole('dialog', { name: 'Add a disk' });
    await user.click(within(dialog).getByRole('button', { name: 'Add disk' }));
    expect(await within(dialog).findByText('Choose a storage.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('combobox', { name: 'Storage' }));
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(options).toEqual(['local-lvm (100 GiB free)']);
    await user.click(screen.getByRole('option', { name: /local-lvm/ }));
    const size = within(dialog).getByRole('spinbutton', { name: 'Size (GiB)' });
    await user.clear(size);
    await user.type(size, '20');
    await user.click(within(dialog).getByRole('button', { name: 'Add disk' }));
    await waitFor(() => expect(net.callsTo('PUT', `/api/vms/${VM_ID}`)).toHaveLength(1));
    expect(net.callsTo('PUT', `/api/vms/${VM_ID}`)[0]!.body).toEqual({
      addDisk: { storage: 'local-lvm', sizeGb: 20 },
    });
    expect(net.callsTo('GET', '/api/vms/placement/resources')[0]!.query.get('companyId')).toBe(
      ACME_ID,
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('mounts an ISO of the guest node, ejects it, and saves a new boot order', async () => {
    let current = vmDetail();
    const net = installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: () => ({ body: current }),
      'GET /api/media': {
        body: [
          { volid: ISO, kind: 'iso', storage: 'local', node: 'pve1', size: null },
          {
            volid: 'local:iso/other-node.iso',
            kind: 'iso',
            storage: 'local',
            node: 'pve2',
            size: null,
          },
        ],
      },
      [`PUT /api/vms/${VM_ID}`]: (req) => {
        const body = req.body as { cdrom?: { isoVolid: string | null }; bootOrder?: string[] };
        if (body.cdrom)
          current = withConfig({ cdroms: [{ key: 'ide2', isoVolid: body.cdrom.isoVolid }] });
        if (body.bootOrder) current = withConfig({ ...current.config!, bootOrder: body.bootOrder });
        return { body: current };
      },
    });
    const user = userEvent.setup();
    renderApp(`/vms/${VM_ID}?tab=hardware`, { session: acmeAdminSession() });
    expect(
      await screen.findByText('No CD/DVD drive yet: mounting an ISO adds one.', {}, FIRST_PAINT),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('combobox', { name: 'ISO image' }));
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual([
      'debian-12.7.0-amd64-netinst.iso',
    ]);
    await user.click(screen.getByRole('option', { name: 'debian-12.7.0-amd64-netinst.iso' }));
    await user.click(screen.getByRole('button', { name: 'Mount' }));
    expect(await screen.findByText('ide2: debian-12.7.0-amd64-netinst.iso')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Eject' }));
    expect(await screen.findByText('ide2: empty')).toBeInTheDocument();
    expect(net.callsTo('PUT', `/api/vms/${VM_ID}`).map((c) => c.body)).toEqual([
      { cdrom: { isoVolid: ISO } },
      { cdrom: { isoVolid: null } },
    ]);

    // Boot order: scsi0, net0 today; tick the CD/DVD drive and move it to the top.
    const list = screen.getByRole('list', { name: 'Boot order' });
    const save = screen.getByRole('button', { name: 'Save boot order' });
    expect(save).toBeDisabled();
    await user.click(within(list).getByRole('checkbox', { name: 'Boot from ide2' }));
    await user.click(within(list).getByRole('button', { name: 'Move ide2 up' }));
    await user.click(within(list).getByRole('button', { name: 'Move ide2 up' }));
    await user.click(save);
    await waitFor(() => expect(net.callsTo('PUT', `/api/vms/${VM_ID}`)).toHaveLength(3));
    expect(net.callsTo('PUT', `/api/vms/${VM_ID}`)[2]!.body).toEqual({
      bootOrder: ['ide2', 'scsi0', 'net0'],
    });
  });

  it('shows no edit controls without the edit right, and no CD/DVD or boot order on a container', async () => {
    installFakeFetch({
      [`GET /api/vms/${VM_ID}`]: { body: vmDetail({ rights: ['view'] }) },
      'GET /api/media': { body: [] },
    });
    const session = acmeAdminSession();
    const view = renderApp(`/vms/${VM_ID}?tab=hardware`, {
      session: {
        ...session,
        user: { ...session.user, role: 'user' },
        permissions: ['vm.read', 'vm.update'],
      },
    });
    await screen.findByRole('table', { name: 'Disks' }, FIRST_PAINT);
    expect(screen.queryByRole('button', { name: 'Add disk' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Mount' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save boot order' })).not.toBeInTheDocument();
    view.unmount();
    installFakeFetch({ [`GET /api/vms/${VM_ID}`]: { body: vmDetail({ kind: 'lxc' }) } });
    renderApp(`/vms/${VM_ID}?tab=hardware`, { session });
    await screen.findByRole('button', { name: 'Add disk' }, FIRST_PAINT);
    expect(screen.queryByText('CD/DVD drive')).not.toBeInTheDocument();
    expect(screen.queryByText('Boot order')).not.toBeInTheDocument();
  });
});
