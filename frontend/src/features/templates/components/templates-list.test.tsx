import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TemplateDto } from '@multpanel/contracts';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const template = (id: string, vmid: number, name: string): TemplateDto => ({
  id,
  clusterId: '22222222-2222-4222-8222-222222222222',
  clusterName: 'demo',
  node: 'pve1',
  vmid,
  kind: 'qemu',
  name,
  windowsGpu: false,
  allowedCompanyIds: [],
  lastSeenAt: '2026-01-01T10:00:00.000Z',
});

const page = (names: string[], total: number, pageNo: number, pageSize: number) => ({
  items: names.map((name, i) => template(`t${pageNo}-${i}`, 9000 + i, name)),
  total,
  page: pageNo,
  pageSize,
});

describe('templates list', () => {
  it('pages, filters and sorts on the server, with the state in the URL', async () => {
    const net = installFakeFetch({
      'GET /api/companies': { body: { items: [], total: 0, page: 1, pageSize: 200 } },
      'GET /api/templates': (req) => {
        const pageNo = Number(req.query.get('page'));
        const search = req.query.get('search');
        return { body: page(search ? ['alpine-3'] : [`tpl p${pageNo}`], 60, pageNo, 25) };
      },
    });
    const user = userEvent.setup();
    const { router } = renderApp('/templates?page=2&pageSize=25', {
      session: sessionFor('super_admin'),
    });

    expect(await screen.findByText('tpl p2', {}, { timeout: 30_000 })).toBeInTheDocument();
    const first = net.callsTo('GET', '/api/templates')[0]!;
    expect(first.query.get('page')).toBe('2');
    expect(first.query.get('pageSize')).toBe('25');
    // The grid counts the server's total, not the rows it holds: 26–50 of 60.
    expect(screen.getByText(/26–50 of 60/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /next page/i }));
    expect(await screen.findByText('tpl p3')).toBeInTheDocument();
    expect(net.callsTo('GET', '/api/templates').at(-1)!.query.get('page')).toBe('3');

    await user.type(screen.getByRole('textbox', { name: 'Search' }), 'alp');
    expect(await screen.findByText('alpine-3')).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.search).toBe('?pageSize=25&search=alp'));
    const searched = net.callsTo('GET', '/api/templates').at(-1)!;
    expect(searched.query.get('search')).toBe('alp');
    expect(searched.query.get('page')).toBe('1');

    await user.click(screen.getByRole('combobox', { name: 'Kind' }));
    await user.click(
      within(screen.getByRole('listbox')).getByRole('option', { name: 'Container' }),
    );
    await waitFor(() =>
      expect(net.callsTo('GET', '/api/templates').at(-1)!.query.get('kind')).toBe('lxc'),
    );

    await user.click(screen.getByRole('combobox', { name: 'Sort by' }));
    await user.click(
      within(screen.getByRole('listbox')).getByRole('option', { name: 'Name (Z–A)' }),
    );
    await waitFor(() => {
      const last = net.callsTo('GET', '/api/templates').at(-1)!;
      expect(last.query.get('sort')).toBe('-name');
      expect(last.query.get('kind')).toBe('lxc');
      expect(last.query.get('search')).toBe('alp');
    });
  }, 90_000);
});
