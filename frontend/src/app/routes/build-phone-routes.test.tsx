import { render, waitFor } from '@testing-library/react';
import { createMemoryRouter, MemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { buildPhoneRoutes, FullAppLoad, withScreenLabels } from './build-phone-routes';

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

  it('loads the screen labels with every screen but home, before the screen shows', async () => {
    let labelsLoaded = () => {};
    const loadLabels = vi.fn(() => new Promise<void>((resolve) => (labelsLoaded = resolve)));
    const routes = withScreenLabels(
      [
        { index: true, lazy: async () => ({ Component: () => <p>home</p> }) },
        { path: 'vms', lazy: async () => ({ Component: () => <p>guests</p> }) },
      ],
      loadLabels,
    );
    const router = createMemoryRouter([{ path: '/mobile', children: routes }], {
      initialEntries: ['/mobile'],
    });
    const view = render(<RouterProvider router={router} />);
    await view.findByText('home');
    expect(loadLabels).not.toHaveBeenCalled();

    void router.navigate('/mobile/vms');
    await waitFor(() => expect(loadLabels).toHaveBeenCalledTimes(1));
    expect(view.queryByText('guests')).toBeNull();
    labelsLoaded();
    await view.findByText('guests');
  });
});
