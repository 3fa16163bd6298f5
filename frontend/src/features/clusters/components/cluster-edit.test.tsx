import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { companyView, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { clustersFeature } from '../routes';
import { clusterView } from '../testing/cluster-fixtures';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { FIRST_PAINT } from '../testing/first-paint';

const ACME = '0193a1b2-0000-7000-8000-0000000000ac';
const GLOBEX = '0193a1b2-0000-7000-8000-0000000000ab';

describe('editing a cluster', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('starts from the saved values and replaces the credentials only when asked to', async () => {
    const net = installFakeFetch({
      'GET /api/clusters/c1': {
        body: clusterView({
          id: 'c1',
          name: 'fra-1',
          location: 'Frankfurt',
          tags: ['prod'],
          allowedCompanyIds: [ACME],
        }),
      },
      'GET /api/companies': {
        body: {
          items: [
            companyView({ id: ACME, name: 'Acme Corp' }),
            companyView({ id: GLOBEX, name: 'Globex' }),
          ],
          total: 2,
          page: 1,
          pageSize: 200,
        },
      },
      'PATCH /api/clusters/c1': { body: clusterView({ id: 'c1', name: 'fra-1b' }) },
    });
    const user = userEvent.setup();
    const { router } = renderApp('/clusters/c1/edit', {
      session: sessionFor('super_admin'),
      consoleFeatures: [clustersFeature],
    });

    const name = await screen.findByRole('textbox', { name: 'Name' }, FIRST_PAINT);
    expect(name).toHaveValue('fra-1');
    expect(screen.getByRole('textbox', { name: 'Location' })).toHaveValue('Frankfurt');
    expect(await screen.findByRole('button', { name: 'Acme Corp' })).toBeInTheDocument();
    await user.clear(name);
    await user.type(name, 'fra-1b');
    await user.click(
      screen.getByRole('combobox', { name: 'Companies that may place guests here' }),
    );
    await user.click(await screen.findByRole('option', { name: 'Globex' }));

    await user.click(screen.getByRole('switch', { name: /Replace the credentials/ }));
    const save = screen.getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled(); // a replacement needs its secret
    await user.type(screen.getByLabelText('Token secret'), 'n3w');
    await user.click(save);

    await waitFor(() => expect(router.state.location.pathname).toBe('/clusters/c1'));
    const [patch] = net.callsTo('PATCH', '/api/clusters/c1');
    expect(patch.body).toEqual({
      name: 'fra-1b',
      location: 'Frankfurt',
      tags: ['prod'],
      allowedCompanyIds: [ACME, GLOBEX],
      healthIntervalSec: 30,
      syncIntervalSec: 60,
      credentials: { type: 'token', tokenId: 'multpanel@pve!sync', secret: 'n3w' },
    });
  });
});
