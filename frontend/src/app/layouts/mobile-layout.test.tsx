import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';

describe('/mobile shell', () => {
  it('hides the bottom navigation while a console is open, and shows it elsewhere', async () => {
    installFakeFetch({ 'GET /api/vms': { body: { items: [], total: 0, page: 1, pageSize: 100 } } });
    const { router } = renderApp('/mobile/vms', { session: sessionFor('user') });
    expect(
      await screen.findByRole('navigation', { name: 'Main navigation' }, { timeout: 15_000 }),
    ).toBeInTheDocument();

    await router.navigate('/mobile/vms/vm-1/console');
    await waitFor(() =>
      expect(screen.queryByRole('navigation', { name: 'Main navigation' })).not.toBeInTheDocument(),
    );
    await router.navigate('/mobile/vms');
    expect(await screen.findByRole('navigation', { name: 'Main navigation' })).toBeInTheDocument();
  });
});
