import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { companyView, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

const acme = companyView({ require2fa: false });

describe('security policy page', () => {
  it('lets a super_admin require 2FA for all staff', async () => {
    const net = installFakeFetch({
      'GET /api/platform/settings': { body: { requireStaff2fa: false } },
      'PUT /api/platform/settings': (req) => ({ body: req.body }),
    });
    const user = userEvent.setup();
    renderApp('/security', { session: sessionFor('super_admin') });
    const toggle = await screen.findByRole('switch', { name: /all staff/ });
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).not.toBeChecked();
    expect(screen.getByText(/Single sign-on .* are exempt/)).toBeInTheDocument();
    expect(screen.queryByText('Your company')).not.toBeInTheDocument();
    await user.click(toggle);
    await waitFor(() => expect(toggle).toBeChecked());
    expect(net.callsTo('PUT', '/api/platform/settings').map((c) => c.body)).toEqual([
      { requireStaff2fa: true },
    ]);
  });

  it('lets a company admin require 2FA for their own company only', async () => {
    const net = installFakeFetch({
      'GET /api/companies/11111111-1111-4111-8111-111111111111': { body: acme },
      'PUT /api/companies/11111111-1111-4111-8111-111111111111/require-2fa': (req) => ({
        body: { ...acme, ...(req.body as object) },
      }),
    });
    const user = userEvent.setup();
    renderApp('/security', { session: sessionFor('company_admin') });
    const toggle = await screen.findByRole('switch', { name: /everyone in Acme Corp/ });
    expect(screen.queryByRole('switch', { name: /all staff/ })).not.toBeInTheDocument();
    await user.click(toggle);
    await waitFor(() => expect(toggle).toBeChecked());
    expect(
      net
        .callsTo('PUT', '/api/companies/11111111-1111-4111-8111-111111111111/require-2fa')
        .map((c) => c.body),
    ).toEqual([{ require2fa: true }]);
    expect(net.callsTo('GET', '/api/platform/settings')).toHaveLength(0);
  });

  it('is not offered to an end user', async () => {
    installFakeFetch({});
    renderApp('/security', { session: sessionFor('user') });
    expect(await screen.findByText('You do not have access to this page')).toBeInTheDocument();
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();
  });
});
