import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { VM_ID, acmeAdminSession, vmDetail } from '../testing/vm-fixtures';

// The guest page with every console feature: the firewalls feature adds "Publish a port" to its
// header for callers who manage their company's firewall (its dialog is tested with the feature).
describe('guest page: publish a port', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));
  const routes = {
    [`GET /api/vms/${VM_ID}`]: { body: vmDetail() },
    [`GET /api/vms/${VM_ID}/rrd`]: { body: [] },
  };

  it('offers a company admin to publish a port of the guest', async () => {
    installFakeFetch(routes);
    renderApp(`/vms/${VM_ID}`, { session: acmeAdminSession() });
    expect(
      await screen.findByRole('button', { name: 'Publish a port' }, { timeout: 45_000 }),
    ).toBeInTheDocument();
  });

  it('does not offer it to a plain user', async () => {
    installFakeFetch(routes);
    renderApp(`/vms/${VM_ID}`, { session: sessionFor('user') });
    await screen.findByRole('tab', { name: 'Summary' }, { timeout: 15_000 });
    expect(screen.queryByRole('button', { name: 'Publish a port' })).toBeNull();
  });
});
