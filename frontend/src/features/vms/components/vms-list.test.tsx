import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { renderApp } from '@/testing/render-app';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { acmeAdminSession, job, vmSummary } from '../testing/vm-fixtures';

const VM_A = '88888888-8888-4888-8888-00000000000a';
const VM_B = '88888888-8888-4888-8888-00000000000b';

const page = (query: URLSearchParams) => ({
  items: [
    vmSummary({ id: VM_A, name: `vm-${query.get('type') ?? 'any'}-p${query.get('page')}` }),
    vmSummary({ id: VM_B, name: 'db-1', status: 'stopped', kind: 'lxc' }),
  ],
  total: 120,
  page: Number(query.get('page')),
  pageSize: Number(query.get('pageSize')),
});

describe('guests list', () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('keeps paging, sorting and filters in the URL and sends them to the server', async () => {
    const net = installFakeFetch({
      'GET /api/vms': (req) => ({ body: page(req.query) }),
      'GET /api/companies/11111111-1111-4111-8111-111111111111/quota': {
        body: {
          companyId: '11111111-1111-4111-8111-111111111111',
          limits: { guests: 10, vcpus: 20, memoryMb: null, diskGb: 500 },
          usage: { guests: 9, vcpus: 4, memoryMb: 4096, diskGb: 64 },
        },
      },
    });
    const user = userEvent.setup();
    const { router } = renderApp('/vms?status=running&sort=-name&page=2&pageSize=25', {
      session: acmeAdminSession(),
    });

    // The first visit loads the lazy DataGrid chunk; give it time under a parallel run.
    expect(await screen.findByText('vm-any-p2', {}, { timeout: 15_000 })).toBeInTheDocument();
    const first = net.callsTo('GET', '/api/vms')[0]!;
    expect(Object.fromEntries(first.query)).toEqual({
      page: '2',
      pageSize: '25',
      sort: '-name',
      status: 'running',
    });
    // The quota bar for a company admin.
    expect(await screen.findByText('9 of 10')).toBeInTheDocument();
    expect(screen.getByText('4096 (no limit)')).toBeInTheDocument();

    // A new filter goes to the URL and restarts at page 1.
    await user.click(screen.getByRole('combobox', { name: 'Type' }));
    await user.click(await screen.findByRole('option', { name: 'Container' }));
    expect(await screen.findByText('vm-lxc-p1')).toBeInTheDocument();
    await waitFor(() =>
      expect(new URLSearchParams(router.state.location.search).get('type')).toBe('lxc'),
    );
    expect(new URLSearchParams(router.state.location.search).get('page')).toBeNull();
    const last = net.callsTo('GET', '/api/vms').at(-1)!;
    expect(last.query.get('type')).toBe('lxc');
    expect(last.query.get('sort')).toBe('-name');
    expect(last.query.get('page')).toBe('1');

    // Sorting by another column replaces the sort parameter.
    await user.click(within(screen.getByRole('grid')).getByRole('columnheader', { name: 'ID' }));
    await waitFor(() =>
      expect(new URLSearchParams(router.state.location.search).get('sort')).toBe('vmid'),
    );
    await waitFor(() =>
      expect(net.callsTo('GET', '/api/vms').at(-1)!.query.get('sort')).toBe('vmid'),
    );
  });

  it('runs a bulk action and shows one result per guest', async () => {
    const net = installFakeFetch({
      'GET /api/vms': (req) => ({ body: page(req.query) }),
      'GET /api/companies/11111111-1111-4111-8111-111111111111/quota': {
        body: {
          companyId: '11111111-1111-4111-8111-111111111111',
          limits: { guests: null, vcpus: null, memoryMb: null, diskGb: null },
          usage: { guests: 0, vcpus: 0, memoryMb: 0, diskGb: 0 },
        },
      },
      'POST /api/vms/bulk': {
        body: {
          results: [
            { id: VM_A, ok: true, job: job({ id: 'job-a', type: 'vm.power' }) },
            {
              id: VM_B,
              ok: false,
              error: { code: 'VM_LOCKED', message: 'db-1 is locked (backup)' },
            },
          ],
        },
      },
      'GET /api/jobs/job-a': { body: job({ id: 'job-a', type: 'vm.power', progress: 30 }) },
    });
    const user = userEvent.setup();
    renderApp('/vms', { session: acmeAdminSession() });
    await screen.findByText('db-1', {}, { timeout: 15_000 });
    for (const name of ['vm-any-p1', 'db-1']) {
      const row = screen.getByText(name).closest('[role="row"]') as HTMLElement;
      await user.click(within(row).getByRole('checkbox'));
    }
    const toolbar = await screen.findByRole('toolbar', { name: 'Actions on the selected guests' });
    await user.click(within(toolbar).getByRole('button', { name: 'Reboot' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reboot: 2 guests' });
    await user.click(within(dialog).getByRole('button', { name: 'Reboot' }));

    await waitFor(() => expect(net.callsTo('POST', '/api/vms/bulk')).toHaveLength(1));
    expect(net.callsTo('POST', '/api/vms/bulk')[0]!.body).toEqual({
      ids: [VM_A, VM_B],
      action: 'reboot',
    });
    const results = await within(dialog).findAllByTestId('bulk-result');
    expect(results).toHaveLength(2);
    expect(
      within(results[0]!).getByRole('progressbar', { name: 'Progress of Power action' }),
    ).toBeInTheDocument();
    expect(within(results[1]!).getByText('db-1 is locked (backup)')).toBeInTheDocument();
  });

  it('"Select all" selects the page, and "Add tags" says the guests keep their other tags', async () => {
    // Select all once showed no toolbar (the grid answers with an exclude model), and the tag
    // action said "replaces" while the API adds the tags to each guest's own.
    const net = installFakeFetch({
      'GET /api/vms': (req) => ({ body: page(req.query) }),
      'GET /api/companies/11111111-1111-4111-8111-111111111111/quota': {
        body: {
          companyId: '11111111-1111-4111-8111-111111111111',
          limits: { guests: null, vcpus: null, memoryMb: null, diskGb: null },
          usage: { guests: 0, vcpus: 0, memoryMb: 0, diskGb: 0 },
        },
      },
      'POST /api/vms/bulk': {
        body: {
          results: [
            { id: VM_A, ok: true },
            { id: VM_B, ok: true },
          ],
        },
      },
    });
    const user = userEvent.setup();
    renderApp('/vms', { session: acmeAdminSession() });
    await screen.findByText('db-1', {}, { timeout: 15_000 });
    await user.click(screen.getByRole('checkbox', { name: 'Select all rows' }));
    const toolbar = await screen.findByRole('toolbar', { name: 'Actions on the selected guests' });
    expect(within(toolbar).getByText('2 selected')).toBeInTheDocument();
    await user.click(within(toolbar).getByRole('button', { name: 'Add tags' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add tags: 2 guests' });
    expect(within(dialog).getByText(/whose other tags stay/)).toBeInTheDocument();
    await user.type(within(dialog).getByRole('textbox', { name: 'Tags' }), 'web, prod');
    await user.click(within(dialog).getByRole('button', { name: 'Add tags' }));
    await waitFor(() => expect(net.callsTo('POST', '/api/vms/bulk')).toHaveLength(1));
    expect(net.callsTo('POST', '/api/vms/bulk')[0]!.body).toEqual({
      ids: [VM_A, VM_B],
      action: 'tag',
      tags: ['web', 'prod'],
    });
    const results = await within(dialog).findAllByTestId('bulk-result');
    expect(results.map((r) => within(r).getByText('Done'))).toHaveLength(2);
  });
});
