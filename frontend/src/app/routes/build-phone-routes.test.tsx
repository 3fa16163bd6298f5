import { render, waitFor } from '@testing-library/react';
import { createMemoryRouter, MemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { buildPhoneRoutes, FullAppLoad } from './build-phone-routes';

describe('phone entry routes', () => {
  it('loads any path outside /mobile from the server, query and hash kept', async () => {
    const load = vi.fn();
    render(
      <MemoryRouter initialEntries={['/vms/7?tab=hw#disks']}>
        <FullAppLoad load={load} />
      </MemoryRouter>,
    );
    await waitFor(() => expect(load).toHaveBeenCalledWith('/vms/7?tab=hw#disks'));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps /mobile and below in the phone view, and sends the file name there', async () => {
    const routes = buildPhoneRoutes([]);
    const top = routes[0]!.children!;
    expect(top.map((r) => r.path)).toEqual(['mobile', 'mobile.html', '*']);
    const router = createMemoryRouter(routes, { initialEntries: ['/mobile.html'] });
    render(<RouterProvider router={router} />);
    await waitFor(() => expect(router.state.location.pathname).toBe('/mobile'));
  });
});
