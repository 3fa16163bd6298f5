import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { companyView, paged, sessionFor } from '@/testing/fixtures';
import { guestView } from '@/testing/fixtures-guests';
import { renderApp } from '@/testing/render-app';
import { clustersFeature } from '../routes';
import { clusterView } from '../testing/cluster-fixtures';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { FIRST_PAINT } from '../testing/first-paint';

const CLUSTER = '0193a1b2-0000-7000-8000-0000000000c1';
const ACME = '0193a1b2-0000-7000-8000-0000000000ac';
const G1 = '0193a1b2-0000-7000-8000-000000000101';
const G2 = '0193a1b2-0000-7000-8000-000000000102';

const guest = (id: string, vmid: number, name: string) =>
  guestView({ id, clusterId: CLUSTER, clusterName: 'fra-1', vmid, name, maxdiskBytes: null });

describe('unassigned guests', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('lets a salesperson import selected guests to a company and reports each guest', async () => {
    const net = installFakeFetch({
      'GET /api/guests/unassigned': {
        body: paged([guest(G1, 101, 'web-1'), guest(G2, 102, 'db-1')]),
      },
      'GET /api/clusters': { body: [clusterView({ id: CLUSTER, name: 'fra-1' })] },
      'GET /api/companies': {
        body: paged([companyView({ id: ACME, name: 'Acme Corp' })], { pageSize: 200 }),
      },
      // db-1 was taken by someone else in the meantime: only web-1 moves.
      'POST /api/guests/import': { body: { imported: 1, guestIds: [G1], addresses: [] } },
    });
    const user = userEvent.setup();
    renderApp(`/clusters/unassigned?clusterId=${CLUSTER}`, {
      session: sessionFor('salesperson'),
      consoleFeatures: [clustersFeature],
    });

    const grid = await screen.findByRole('grid', {}, FIRST_PAINT);
    await within(grid).findByText('web-1');
    // The cluster filter from the URL reaches the API.
    expect(net.callsTo('GET', '/api/guests/unassigned')[0].query.get('clusterId')).toBe(CLUSTER);

    const importButton = screen.getByRole('button', { name: /^Import \d+ guests?$/ });
    expect(importButton).toBeDisabled();
    await user.click(within(grid).getByRole('checkbox', { name: /select all/i }));
    await user.click(screen.getByRole('combobox', { name: 'Import to company' }));
    await user.click(await screen.findByRole('option', { name: 'Acme Corp' }));
    expect(importButton).toHaveTextContent('Import 2 guests');
    await user.click(importButton);

    const outcome = await screen.findByTestId('import-outcome');
    expect(outcome).toHaveTextContent('1 guest imported.');
    expect(within(outcome).getByText(/101 web-1 \(fra-1\): imported/)).toBeInTheDocument();
    expect(within(outcome).getByText(/102 db-1 \(fra-1\): not imported/)).toBeInTheDocument();
    const [call] = net.callsTo('POST', '/api/guests/import');
    expect(call.body).toEqual({ guestIds: [G1, G2], companyId: ACME });
  });
});
