import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { companyView, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const page = (names: string[], total: number, pageNo: number, pageSize: number) => ({
  items: names.map((name, i) =>
    companyView({
      id: `c${pageNo}-${i}`,
      name,
      status: i === 0 ? 'active' : 'suspended',
      suspendedAt: i === 0 ? null : '2026-01-01T10:00:00.000Z',
    }),
  ),
  total,
  page: pageNo,
  pageSize,
});

describe('companies list', () => {
  it('pages and filters on the server, with the state in the URL', async () => {
    const net = installFakeFetch({
      'GET /api/companies': (req) => {
        const search = req.query.get('search') ?? '';
        const pageNo = Number(req.query.get('page'));
        return {
          body: page(search ? ['Globex'] : [`Company p${pageNo}`, 'Other'], 60, pageNo, 25),
        };
      },
    });
    const user = userEvent.setup();
    const { router } = renderApp('/companies?page=2&pageSize=25', {
      session: sessionFor('super_admin'),
    });

    expect(await screen.findByText('Company p2')).toBeInTheDocument();
    const first = net.callsTo('GET', '/api/companies')[0]!;
    expect(first.query.get('page')).toBe('2');
    expect(first.query.get('pageSize')).toBe('25');

    await user.type(screen.getByRole('textbox', { name: 'Search' }), 'glob');
    expect(await screen.findByText('Globex')).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.search).toBe('?pageSize=25&search=glob'));
    const last = net.callsTo('GET', '/api/companies').at(-1)!;
    expect(last.query.get('search')).toBe('glob');
    expect(last.query.get('page')).toBe('1');
  });

  it('suspends a company after confirming with its name', async () => {
    const net = installFakeFetch({
      'GET /api/companies': { body: page(['Acme Corp'], 1, 1, 25) },
      'POST /api/companies/c1-0/suspend': {
        body: companyView({ id: 'c1-0', name: 'Acme Corp', status: 'suspended' }),
      },
    });
    const user = userEvent.setup();
    renderApp('/companies', { session: sessionFor('super_admin') });
    const row = (await screen.findByText('Acme Corp')).closest('[role="row"]') as HTMLElement;
    await user.click(within(row).getByRole('menuitem', { name: 'Suspend' }));

    const dialog = await screen.findByRole('dialog', { name: 'Suspend Acme Corp?' });
    expect(net.callsTo('POST', '/api/companies/c1-0/suspend')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Suspend' }));
    await waitFor(() => expect(net.callsTo('POST', '/api/companies/c1-0/suspend')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });
});
