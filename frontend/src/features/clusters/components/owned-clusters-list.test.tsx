import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { ACME_ID, acmeAdminSession, companyView, paged, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { clustersFeature } from '../routes';
import { clusterView } from '../testing/cluster-fixtures';
import { FIRST_PAINT } from '../testing/first-paint';

const OWN = '0193a1b2-0000-7000-8000-0000000000c1';

describe('own clusters', { timeout: 60_000 }, () => {
  it("shows a company admin the company's clusters, syncs one and offers the wizard", async () => {
    const net = installFakeFetch({
      [`GET /api/companies/${ACME_ID}/clusters`]: {
        body: [clusterView({ id: OWN, name: 'acme-dc', ownerCompanyId: ACME_ID })],
      },
      [`POST /api/companies/${ACME_ID}/clusters/${OWN}/sync`]: {
        status: 202,
        body: { queued: true },
      },
    });
    renderApp('/my-clusters', {
      session: acmeAdminSession(),
      consoleFeatures: [clustersFeature],
    });
    const grid = await screen.findByRole('grid', { name: 'Own clusters' }, FIRST_PAINT);
    expect(await within(grid).findByText('acme-dc')).toBeInTheDocument();
    expect(screen.getByTestId('owned-status-acme-dc')).toHaveTextContent('Online');
    // The menu offers the page to a company admin; the staff clusters page is not for them.
    expect(screen.getAllByRole('link', { name: 'Own clusters' }).length).toBeGreaterThan(0);
    expect(screen.queryByRole('link', { name: 'Clusters' })).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Sync acme-dc now' }));
    await screen.findByText('A health check and inventory sync are queued.');
    expect(net.callsTo('POST', `/api/companies/${ACME_ID}/clusters/${OWN}/sync`)).toHaveLength(1);
    expect(screen.getByRole('link', { name: 'Add cluster' })).toHaveAttribute(
      'href',
      '/my-clusters/new',
    );
  });

  it('lets the staff pick whose clusters to see', async () => {
    const net = installFakeFetch({
      'GET /api/companies': {
        body: paged([companyView()], { pageSize: 200 }),
      },
      [`GET /api/companies/${ACME_ID}/clusters`]: {
        body: [clusterView({ id: OWN, name: 'acme-dc', ownerCompanyId: ACME_ID })],
      },
    });
    renderApp('/my-clusters', {
      session: sessionFor('super_admin'),
      consoleFeatures: [clustersFeature],
    });
    await screen.findByText('Pick a company to see its own clusters.', {}, FIRST_PAINT);
    expect(net.callsTo('GET', `/api/companies/${ACME_ID}/clusters`)).toHaveLength(0);
    await userEvent.click(screen.getByRole('combobox', { name: 'Company' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Acme Corp' }));
    await screen.findByText('acme-dc');
    await waitFor(() =>
      expect(screen.getByRole('link', { name: 'Add cluster' })).toHaveAttribute(
        'href',
        `/my-clusters/new?companyId=${ACME_ID}`,
      ),
    );
  });

  it('adds the cluster under the company, without an allow-list', async () => {
    const net = installFakeFetch({
      [`POST /api/companies/${ACME_ID}/clusters/probe-fingerprint`]: {
        body: {
          url: 'https://pve.acme.example:8006',
          fingerprint: 'AB:'.repeat(31) + 'AB',
          subject: 'CN=pve',
          issuer: 'CN=pve',
          validFrom: '2026-01-01',
          validTo: '2036-01-01',
          selfSigned: true,
        },
      },
      [`POST /api/companies/${ACME_ID}/clusters/test`]: {
        body: {
          ok: true,
          reachable: true,
          endpoint: 'https://pve.acme.example:8006',
          latencyMs: 5,
          version: '9.1.2',
          clusterName: 'acme',
          quorate: true,
          nodes: [{ name: 'pve1', online: true }],
          permissions: [],
          missingPermissions: [],
          error: null,
          errorCode: null,
        },
      },
      [`POST /api/companies/${ACME_ID}/clusters`]: {
        status: 201,
        body: clusterView({ id: OWN, name: 'acme-dc', ownerCompanyId: ACME_ID }),
      },
      [`GET /api/companies/${ACME_ID}/clusters`]: { body: [] },
    });
    renderApp('/my-clusters/new', {
      session: acmeAdminSession(),
      consoleFeatures: [clustersFeature],
    });
    await userEvent.type(await screen.findByLabelText('Name', {}, FIRST_PAINT), 'acme-dc');
    await userEvent.type(screen.getByLabelText(/Endpoint 1/), 'https://pve.acme.example:8006');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.click(await screen.findByRole('checkbox'));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.type(screen.getByLabelText(/Token ID/), 'mp@pve!sync');
    await userEvent.type(screen.getByLabelText(/Token secret/), 's3cret');
    await userEvent.click(screen.getByRole('button', { name: /Test connection/ }));
    await userEvent.click(await screen.findByRole('button', { name: 'Next' }));
    expect(screen.queryByLabelText(/Companies that may place guests/)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: /Add cluster|Save/ }));
    await waitFor(() =>
      expect(net.callsTo('POST', `/api/companies/${ACME_ID}/clusters`)).toHaveLength(1),
    );
    const body = net.callsTo('POST', `/api/companies/${ACME_ID}/clusters`)[0]!.body as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({ name: 'acme-dc', credentials: { tokenId: 'mp@pve!sync' } });
    expect(body).not.toHaveProperty('allowedCompanyIds');
    expect(net.callsTo('POST', '/api/clusters')).toHaveLength(0);
  });
});
