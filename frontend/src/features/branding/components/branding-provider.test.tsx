import { useTheme } from '@mui/material/styles';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EffectiveBranding } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
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
});
