import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { dashboardFeature } from '@/features/dashboard/routes';
import type { FeatureModule } from '@/lib/feature-module';
import { installFakeFetch } from '@/testing/fake-fetch';
import { healthyBody, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

function Broken(): never {
  throw new Error('boom: internal detail that must not be shown');
}

const brokenFeature: FeatureModule = {
  id: 'broken',
  routes: [{ path: 'broken', element: <Broken /> }],
  nav: [{ to: '/broken', labelKey: 'nav.activity', icon: <span />, order: 50 }],
};

describe('route error boundaries', () => {
  it('keeps the shell and shows a readable message when one page crashes', async () => {
    installFakeFetch({ 'GET /api/health': { body: healthyBody } });
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    renderApp('/broken', {
      session: sessionFor('user'),
      consoleFeatures: [dashboardFeature, brokenFeature],
    });

    expect(
      await screen.findByRole('heading', { name: 'This page could not be shown' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Something went wrong. Please try again.')).toBeInTheDocument();
    expect(screen.queryByText(/internal detail/)).not.toBeInTheDocument();
    // The navigation is still there: only the page's own boundary caught the error.
    expect(screen.getAllByRole('link', { name: 'Dashboard' }).length).toBeGreaterThan(0);
    consoleError.mockRestore();
  });
});
