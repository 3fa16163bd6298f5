import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { installFakeFetch } from '@/testing/fake-fetch';
import { VM_ID, job, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const longError = `TASK ERROR: storage 'local-lvm' has no space left; ${'x'.repeat(300)} end-of-error`;
const failed = job({
  status: 'failed',
  progress: 40,
  type: 'vm.create',
  error: longError,
  guestName: 'ci04',
  companyName: 'Acme Corp',
  actorName: 'Alice Acme',
  clusterName: 'Demo cluster',
});

describe('jobs list names and detail', () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('shows guest, company and user by name and opens the whole failure with its log', async () => {
    installFakeFetch({
      'GET /api/jobs': { body: { items: [failed], total: 1, page: 1, pageSize: 25 } },
      'GET /api/jobs/job-1': {
        body: {
          ...failed,
          log: [
            { at: '2026-01-01T10:00:01.000Z', line: 'cloning template 9000' },
            { at: '2026-01-01T10:00:05.000Z', line: 'no space left on device' },
          ],
        },
      },
    });
    const user = userEvent.setup();
    renderApp('/jobs', { session: sessionFor('super_admin') });

    const guest = await screen.findByRole('link', { name: 'ci04' }, { timeout: 15_000 });
    expect(guest).toHaveAttribute('href', `/vms/${VM_ID}`);
    expect(screen.getByText('Alice Acme')).toBeInTheDocument();
    expect(screen.getByText('Acme Corp')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Details of Create guest' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('alert')).toHaveTextContent(longError);
    expect(within(dialog).getByText('Demo cluster / pve1')).toBeInTheDocument();
    expect(
      await within(dialog).findByText(/cloning template 9000\s+no space left on device/),
    ).toBeInTheDocument();
  });

  it('shows a company admin no company column', async () => {
    installFakeFetch({
      'GET /api/jobs': { body: { items: [failed], total: 1, page: 1, pageSize: 25 } },
    });
    renderApp('/jobs', { session: sessionFor('company_admin') });
    await screen.findByRole('link', { name: 'ci04' }, { timeout: 15_000 });
    expect(screen.queryByRole('columnheader', { name: 'Company' })).not.toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Started by' })).toBeInTheDocument();
  });

  it('opens a ticket about a company’s job from its detail', async () => {
    installFakeFetch({
      'GET /api/jobs': { body: { items: [failed], total: 1, page: 1, pageSize: 25 } },
      'GET /api/jobs/job-1': { body: failed },
    });
    const user = userEvent.setup();
    const { router } = renderApp('/jobs', { session: sessionFor('company_admin') });
    await user.click(
      await screen.findByRole('button', { name: 'Details of Create guest' }, { timeout: 15_000 }),
    );
    const open = await within(await screen.findByRole('dialog')).findByRole('link', {
      name: 'Open a ticket',
    });
    expect(open).toHaveAttribute('href', '/tickets/new?jobId=job-1');
    await user.click(open);
    await waitFor(() => expect(router.state.location.pathname).toBe('/tickets/new'));
    expect(router.state.location.search).toBe('?jobId=job-1');
  });

  it('offers no ticket for a job of no company', async () => {
    const platform = job({ id: 'job-2', companyId: null, status: 'failed' });
    installFakeFetch({
      'GET /api/jobs': { body: { items: [platform], total: 1, page: 1, pageSize: 25 } },
      'GET /api/jobs/job-2': { body: platform },
    });
    const user = userEvent.setup();
    renderApp('/jobs', { session: sessionFor('super_admin') });
    await user.click(
      await screen.findByRole('button', { name: 'Details of Create guest' }, { timeout: 15_000 }),
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByRole('button', { name: 'Close' });
    expect(within(dialog).queryByRole('link', { name: 'Open a ticket' })).not.toBeInTheDocument();
  });
});
