import type { Role } from '@multpanel/contracts';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { companyView, healthyBody, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const api = { 'GET /api/health': { body: healthyBody } };

async function navLabels(role: Role): Promise<string[]> {
  installFakeFetch(api);
  renderApp('/', { session: sessionFor(role) });
  // Both drawers (temporary + permanent) render the same nav; read the first.
  const [nav] = await screen.findAllByRole('navigation', { name: 'Main navigation' });
  return within(nav!)
    .getAllByRole('link')
    .map((link) => link.textContent ?? '');
}

describe('permission-gated navigation', () => {
  // Other features add their own entries; these tests pin only the identity ones.
  it('shows the platform administrator every identity section', async () => {
    const labels = await navLabels('super_admin');
    expect(labels).toEqual(
      expect.arrayContaining(['Dashboard', 'My profile', 'Companies', 'Users', 'Activity log']),
    );
    expect(labels.indexOf('Dashboard')).toBe(0);
  });

  it('hides administration from an end user', async () => {
    const labels = await navLabels('user');
    expect(labels).toEqual(expect.arrayContaining(['Dashboard', 'My profile']));
    for (const hidden of ['Companies', 'Users', 'Activity log']) {
      expect(labels).not.toContain(hidden);
    }
  });

  it('gives a company administrator their users and activity', async () => {
    const labels = await navLabels('company_admin');
    expect(labels).toContain('Users');
    expect(labels).toContain('Activity log');
  });

  it('refuses a page the user lacks the permission for, even by URL', async () => {
    const net = installFakeFetch(api);
    renderApp('/users', { session: sessionFor('user') });
    expect(await screen.findByText('You do not have access to this page')).toBeInTheDocument();
    expect(net.callsTo('GET', '/api/users')).toHaveLength(0);
  });

  it('hides the create button without the create permission', async () => {
    installFakeFetch({
      ...api,
      'GET /api/companies': {
        body: {
          items: [companyView({ id: 'c1', name: 'Acme Corp' })],
          total: 1,
          page: 1,
          pageSize: 25,
        },
      },
    });
    renderApp('/companies', { session: sessionFor('company_admin') });
    expect(await screen.findByText('Acme Corp')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'New company' })).not.toBeInTheDocument();
  });
});
