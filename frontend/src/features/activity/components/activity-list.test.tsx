import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { companyView, paged, sessionFor } from '@/testing/fixtures';
import { activityView } from '@/testing/fixtures-admin';
import { renderApp } from '@/testing/render-app';

describe('activity log', () => {
  it('sends the URL filters to the API and exports the same selection with the bearer token', async () => {
    const net = installFakeFetch({
      'GET /api/activity': {
        body: {
          items: [
            activityView({
              id: 'a1',
              createdAt: '2026-01-05T10:00:00.000Z',
              action: 'auth.login',
              result: 'failure',
              actorEmail: 'admin@acme.demo',
              resourceType: 'user',
              resourceId: 'u1',
              ip: '10.0.0.9',
            }),
          ],
          total: 1,
          page: 1,
          pageSize: 25,
        },
      },
      'GET /api/activity/export.csv': { text: 'id,action\na1,auth.login\n' },
    });
    // jsdom has no object URLs; provide them for the download step only.
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:csv');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    onTestFinished(() => {
      click.mockRestore();
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    });
    const user = userEvent.setup();
    renderApp('/activity?action=auth.login&result=failure&from=2026-01-01', {
      session: sessionFor('company_admin', 'tok-activity'),
    });

    expect(await screen.findByText('10.0.0.9', {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(screen.getByRole('gridcell', { name: 'Failed' })).toBeInTheDocument();
    const list = net.callsTo('GET', '/api/activity')[0]!;
    expect(list.query.get('action')).toBe('auth.login');
    expect(list.query.get('result')).toBe('failure');
    expect(list.query.get('from')).toBe(new Date('2026-01-01T00:00:00').toISOString());
    expect(list.query.has('to')).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(createObjectURL).toHaveBeenCalledTimes(1));
    expect(await createObjectURL.mock.calls[0]![0].text()).toContain('a1,auth.login');
    expect(click).toHaveBeenCalledTimes(1);
    const exported = net.callsTo('GET', '/api/activity/export.csv')[0]!;
    expect(exported.headers.authorization).toBe('Bearer tok-activity');
    expect(exported.query.get('action')).toBe('auth.login');
    expect(exported.query.has('page')).toBe(false);
  });

  it('shows names and the action in words, links the resource, filters by company and user', async () => {
    const ACTOR = '99999999-9999-4999-8999-000000000001';
    const GUEST = '99999999-9999-4999-8999-000000000002';
    const COMPANY = '99999999-9999-4999-8999-000000000003';
    const net = installFakeFetch({
      'GET /api/activity': {
        body: {
          items: [
            activityView({
              id: 'a2',
              createdAt: '2026-01-05T10:00:00.000Z',
              action: 'vm.power',
              result: 'success',
              actorId: ACTOR,
              actorEmail: 'alice@acme.demo',
              actorName: 'Alice Acme',
              actorType: 'user',
              companyId: COMPANY,
              companyName: 'Acme Corp',
              resourceType: 'vm',
              resourceId: GUEST,
              resourceName: 'ci04',
              ip: '2001:db8:85a3::8a2e:370:7334',
              details: { action: 'start', jobId: 'j1' },
            }),
          ],
          total: 1,
          page: 1,
          pageSize: 25,
        },
      },
      'GET /api/companies': {
        body: paged([companyView({ id: COMPANY, name: 'Acme Corp' })], { pageSize: 200 }),
      },
    });
    const user = userEvent.setup();
    renderApp('/activity', { session: sessionFor('super_admin') });

    const action = await screen.findByRole(
      'link',
      { name: 'Started VM ci04' },
      { timeout: 15_000 },
    );
    expect(action).toHaveAttribute('href', `/vms/${GUEST}`);
    expect(screen.getByText('2001:db8:85a3::8a2e:370:7334')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Only Alice Acme' }));
    await waitFor(() =>
      expect(net.callsTo('GET', '/api/activity').at(-1)!.query.get('actorId')).toBe(ACTOR),
    );
    expect(await screen.findByText('User: Alice Acme')).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Company' }));
    await user.click(await screen.findByRole('option', { name: 'Acme Corp' }));
    await waitFor(() =>
      expect(net.callsTo('GET', '/api/activity').at(-1)!.query.get('companyId')).toBe(COMPANY),
    );
    expect(net.callsTo('GET', '/api/activity').at(-1)!.query.get('actorId')).toBe(ACTOR);
  });

  it('offers no company filter to a company admin', async () => {
    installFakeFetch({
      'GET /api/activity': { body: { items: [], total: 0, page: 1, pageSize: 25 } },
    });
    renderApp('/activity', { session: sessionFor('company_admin') });
    expect(await screen.findByText('No activity matches these filters.')).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Company' })).not.toBeInTheDocument();
  });
});
