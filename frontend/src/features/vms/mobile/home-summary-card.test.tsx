import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { job, vmSummary } from '../testing/vm-fixtures';
import { LAST_SEEN_KEY } from './home-summary-card';

const A = '11111111-aaaa-4aaa-8aaa-000000000001';
const B = '11111111-aaaa-4aaa-8aaa-000000000002';
const C = '11111111-aaaa-4aaa-8aaa-000000000003';

describe('/mobile home summary', () => {
  beforeEach(() => window.localStorage.clear());

  it('counts guests by state, flags failures and guests that stopped, lists recent jobs', async () => {
    // Last visit: db-1 was running, cache-1 was already stopped.
    window.localStorage.setItem(LAST_SEEN_KEY, JSON.stringify({ [B]: 'running', [C]: 'stopped' }));
    installFakeFetch({
      'GET /api/vms': {
        body: {
          items: [
            vmSummary({ id: A, name: 'web-1', status: 'running' }),
            vmSummary({ id: B, name: 'db-1', status: 'stopped' }),
            vmSummary({ id: C, name: 'cache-1', status: 'stopped' }),
            vmSummary({ id: 'tpl', name: 'golden', status: 'stopped', template: true }),
          ],
          total: 4,
          page: 1,
          pageSize: 100,
        },
      },
      'GET /api/jobs': {
        body: {
          items: [
            job({ id: 'j1', type: 'vm.power.start', status: 'succeeded', guestName: 'web-1' }),
            job({
              id: 'j2',
              type: 'vm.snapshot.create',
              status: 'failed',
              error: 'storage full',
              guestName: 'db-1',
            }),
          ],
          total: 2,
          page: 1,
          pageSize: 10,
        },
      },
    });
    renderApp('/mobile', { session: sessionFor('user') });

    const guests = await screen.findByRole(
      'region',
      { name: 'My virtual machines' },
      { timeout: 15_000 },
    );
    // Not a second copy of the list: counts, and a way to the list.
    expect(within(guests).queryByRole('list', { name: 'My virtual machines' })).toBeNull();
    expect(await within(guests).findByText('Running')).toBeInTheDocument();
    const values = within(guests)
      .getAllByRole('definition')
      .map((d) => d.textContent);
    const terms = within(guests)
      .getAllByRole('term')
      .map((d) => d.textContent);
    expect(Object.fromEntries(terms.map((term, i) => [term, values[i]]))).toEqual({
      Running: '1',
      Stopped: '2', // the template is not counted
    });
    expect(within(guests).getByRole('link', { name: 'Show all 3 machines' })).toHaveAttribute(
      'href',
      '/mobile/vms',
    );

    const attention = await screen.findByRole('region', { name: 'Needs attention' });
    const stopped = within(attention).getByRole('link', {
      name: 'db-1 was running and is now stopped',
    });
    expect(stopped).toHaveAttribute('href', `/mobile/vms/${B}`);
    expect(within(attention).queryByText(/cache-1/)).toBeNull();
    expect(within(attention).getByText(/failed — storage full/)).toHaveTextContent(/db-1/);

    const recent = screen.getByRole('region', { name: 'Recent jobs' });
    expect(within(recent).getAllByRole('listitem')).toHaveLength(2);

    // The present is remembered for the next visit.
    expect(JSON.parse(window.localStorage.getItem(LAST_SEEN_KEY) ?? '{}')).toEqual({
      [A]: 'running',
      [B]: 'stopped',
      [C]: 'stopped',
    });
  });

  it('shows no attention card when nothing needs it', async () => {
    installFakeFetch({
      'GET /api/vms': {
        body: { items: [vmSummary({ status: 'running' })], total: 1, page: 1, pageSize: 100 },
      },
      'GET /api/jobs': { body: { items: [], total: 0, page: 1, pageSize: 10 } },
    });
    renderApp('/mobile', { session: sessionFor('user') });
    expect(
      await screen.findByText('Nothing has run yet.', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Show the machine' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Needs attention' })).toBeNull();
  });
});
