import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { ACME_ID, companyView, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const acme = companyView({ id: ACME_ID, name: 'Acme Corp', contactEmail: 'ops@acme.test' });
const quota = {
  companyId: ACME_ID,
  limits: { guests: 10, vcpus: null, memoryMb: null, diskGb: null },
  usage: { guests: 2, vcpus: 6, memoryMb: 6144, diskGb: 96 },
};
const vm = (id: string, name: string, status: string) => ({
  id,
  vmid: 100,
  kind: 'qemu',
  name,
  status,
  companyId: ACME_ID,
  companyName: 'Acme Corp',
  clusterId: 'c',
  clusterName: 'demo',
  node: 'pve1',
  cpus: 2,
  maxmem: null,
  maxdisk: null,
  tags: [],
  template: false,
  updatedAt: '2026-01-01T10:00:00.000Z',
});
const user = (id: string, name: string) => ({
  id,
  email: `${id}@acme.test`,
  name,
  role: 'user',
  status: 'active',
  companyId: ACME_ID,
  companyName: 'Acme Corp',
  totpEnabled: false,
  lastLoginAt: null,
  createdAt: '2026-01-01T10:00:00.000Z',
});

describe('companies overview', () => {
  it('lists each company with its guests, users and usage, linking to its page', async () => {
    const net = installFakeFetch({
      'GET /api/companies': {
        body: {
          items: [{ ...acme, userCount: 3, usage: quota.usage }],
          total: 1,
          page: 1,
          pageSize: 25,
        },
      },
    });
    renderApp('/companies', { session: sessionFor('super_admin') });
    const link = await screen.findByRole('link', { name: 'Acme Corp' }, { timeout: 15_000 });
    expect(link).toHaveAttribute('href', `/companies/${ACME_ID}`);
    const row = link.closest('[role="row"]') as HTMLElement;
    expect(within(row).getByText('6 vCPUs · 6.0 GiB · 96 GB disk')).toBeInTheDocument();
    expect(within(row).getByText('2')).toBeInTheDocument();
    expect(within(row).getByText('3')).toBeInTheDocument();
    // The list response carries the figures: no request per row.
    expect(net.calls.filter((c) => /\/quota$|^\/api\/users/.test(c.path))).toEqual([]);
    expect(net.callsTo('GET', '/api/companies')).toHaveLength(1);
  });

  it('gathers a company’s usage, guests and users on its page', async () => {
    const net = installFakeFetch({
      [`GET /api/companies/${ACME_ID}`]: { body: acme },
      [`GET /api/companies/${ACME_ID}/quota`]: { body: quota },
      'GET /api/vms': {
        body: {
          items: [vm('v1', 'web-1', 'running'), vm('v2', 'db-1', 'stopped')],
          total: 2,
          page: 1,
          pageSize: 100,
        },
      },
      'GET /api/users': {
        body: { items: [user('u1', 'Ann'), user('u2', 'Bob')], total: 2, page: 1, pageSize: 100 },
      },
    });
    renderApp(`/companies/${ACME_ID}`, { session: sessionFor('super_admin') });
    expect(
      await screen.findByRole('heading', { name: 'Acme Corp' }, { timeout: 15_000 }),
    ).toBeInTheDocument();
    const guests = await screen.findByRole('region', { name: '2 virtual machines' });
    expect(within(guests).getByRole('link', { name: 'web-1' })).toHaveAttribute('href', '/vms/v1');
    expect(within(guests).getByText('Stopped')).toBeInTheDocument();
    const users = screen.getByRole('region', { name: '2 users' });
    expect(within(users).getByText('Bob')).toBeInTheDocument();
    const usage = screen.getByRole('region', { name: 'Quota and usage' });
    expect(await within(usage).findByText(/2.*10/)).toBeInTheDocument();
    expect(net.callsTo('GET', '/api/vms')[0]!.query.get('companyId')).toBe(ACME_ID);
  });
});
