import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { job } from '@/testing/fixtures';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { notificationStore } from '@/lib/notifications-store';

describe('live job updates', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeWebSocket);
  });
  afterEach(() => notificationStore.reset());

  it('moves the progress bar from a WebSocket message and toasts when the job ends', async () => {
    installFakeFetch({
      'GET /api/jobs': {
        body: { items: [job({ progress: 10 })], total: 1, page: 1, pageSize: 25 },
      },
    });
    renderApp('/jobs', { session: sessionFor('company_admin') });

    // The first visit loads the lazy DataGrid chunk; give it time when the machine is busy.
    const bar = await screen.findByRole(
      'progressbar',
      { name: 'Progress of Create guest' },
      { timeout: 15_000 },
    );
    expect(bar).toHaveAttribute('aria-valuenow', '10');
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    const socket = FakeWebSocket.instances[0]!;
    expect(socket.url).toMatch(/\/api\/events\?token=token-company_admin$/);

    act(() => socket.push('job.updated', job({ progress: 60, message: 'cloning disk' })));
    await waitFor(() =>
      expect(screen.getByRole('progressbar', { name: 'Progress of Create guest' })).toHaveAttribute(
        'aria-valuenow',
        '60',
      ),
    );
    expect(screen.queryByTestId('job-toast')).not.toBeInTheDocument();

    // Messages of other types, or garbage, change nothing.
    act(() => socket.push('cluster.health', { id: 'job-1', status: 'failed' }));
    act(() => socket.onmessage?.({ data: 'not json' }));

    act(() =>
      socket.push(
        'job.updated',
        job({ status: 'succeeded', progress: 100, finishedAt: '2026-01-01T10:01:00.000Z' }),
      ),
    );
    const toast = await screen.findByTestId('job-toast');
    expect(toast).toHaveTextContent('Create guest finished.');
    expect(within(toast).getByRole('link', { name: 'Open' })).toHaveAttribute(
      'href',
      `/vms/${job().guestId}`,
    );
    expect(await within(screen.getByRole('grid')).findByText('Succeeded')).toBeInTheDocument();
  });

  it('does not toast jobs somebody else started', async () => {
    installFakeFetch({
      'GET /api/jobs': {
        body: { items: [job({ actorId: 'someone-else' })], total: 1, page: 1, pageSize: 25 },
      },
    });
    renderApp('/jobs', { session: sessionFor('company_admin') });
    await screen.findByRole(
      'progressbar',
      { name: 'Progress of Create guest' },
      { timeout: 15_000 },
    );
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    act(() =>
      FakeWebSocket.instances[0]!.push(
        'job.updated',
        job({ actorId: 'someone-else', status: 'failed', error: 'node offline' }),
      ),
    );
    expect(await within(screen.getByRole('grid')).findByText('Failed')).toBeInTheDocument();
    expect(screen.queryByTestId('job-toast')).not.toBeInTheDocument();
  });
});
