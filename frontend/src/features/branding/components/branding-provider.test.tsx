import { useTheme } from '@mui/material/styles';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EffectiveBranding } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp, renderWithProviders } from '@/testing/render-app';

const acme: EffectiveBranding = {
  productName: 'Acme Cloud',
  primaryColor: '#aa0000',
  secondaryColor: '#00aa00',
  supportEmail: null,
  supportPhone: null,
  footerText: null,
  mailFromName: null,
  mailFromAddress: null,
  assets: { 'logo-light': '/api/branding/assets/c1/abc', 'logo-dark': null, favicon: null },
  hostCompanyId: 'c1',
  hostCompanyName: 'Acme Corp',
  hostCertificate: 'pending',
};

function PrimaryProbe() {
  const theme = useTheme();
  return <p data-testid="primary">{theme.palette.primary.main}</p>;
}

describe('branding', () => {
  it("shows the host's product name and logo on the sign-in page, before sign-in", async () => {
    installFakeFetch({
      'POST /api/auth/refresh': { status: 401 },
      'GET /api/branding': { body: acme },
    });
    renderApp('/login');
    expect(await screen.findByText('Acme Cloud')).toBeInTheDocument();
    expect(document.querySelector('img[src="/api/branding/assets/c1/abc"]')).not.toBeNull();
  });

  it('puts the colours into the MUI theme', async () => {
    installFakeFetch({
      'POST /api/auth/refresh': { status: 401 },
      'GET /api/branding': { body: acme },
    });
    renderWithProviders(<PrimaryProbe />);
    expect(await screen.findByText('#aa0000')).toBeInTheDocument();
  });

  const contacts = {
    ...acme,
    supportEmail: 'help@acme.test',
    supportPhone: '+1 555 0100',
    footerText: 'Acme Corp, 1 Road Runner Way',
  };

  it('shows the support contacts and footer text on the sign-in page', async () => {
    installFakeFetch({
      'POST /api/auth/refresh': { status: 401 },
      'GET /api/branding': { body: contacts },
    });
    renderApp('/login');
    expect(await screen.findByText('Acme Corp, 1 Road Runner Way')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'help@acme.test' })).toHaveAttribute(
      'href',
      'mailto:help@acme.test',
    );
    expect(screen.getByRole('link', { name: '+1 555 0100' })).toHaveAttribute(
      'href',
      'tel:+15550100',
    );
  });

  it("shows the company's logo and footer in the console once signed in", async () => {
    installFakeFetch({
      'GET /api/branding/mine': { body: contacts },
      'GET /api/jobs': { body: { items: [], total: 0, page: 1, pageSize: 25 } },
    });
    renderApp('/jobs', { session: sessionFor('company_admin') });
    expect(
      await screen.findByText('Acme Corp, 1 Road Runner Way', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(document.querySelector('img[src="/api/branding/assets/c1/abc"]')).not.toBeNull();
  });
});
