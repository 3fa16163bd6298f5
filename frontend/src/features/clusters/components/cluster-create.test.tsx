import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import type { ClusterTestResult, ClusterView } from '@multpanel/contracts';
import { clusterView, companyView, paged, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { clustersFeature } from '../routes';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { FIRST_PAINT } from '../testing/first-paint';

const FP1 = Array(32).fill('AB').join(':');
const FP2 = Array(32).fill('CD').join(':');
const ACME = '0193a1b2-0000-7000-8000-0000000000ac';

const cert = (url: string, fingerprint: string) => ({
  url,
  fingerprint,
  subject: `CN=${url.split(':')[0]}`,
  issuer: 'CN=Proxmox Virtual Environment',
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2036-01-01T00:00:00.000Z',
  selfSigned: false,
});

const testOk: ClusterTestResult = {
  ok: true,
  reachable: true,
  endpoint: 'pve1:8006',
  latencyMs: 12,
  version: '9.1.2',
  clusterName: 'lab',
  quorate: true,
  nodes: [
    { name: 'pve1', online: true },
    { name: 'pve2', online: false },
  ],
  permissions: ['Sys.Audit', 'VM.Audit'],
  missingPermissions: ['VM.Allocate'],
  error: null,
  errorCode: null,
};

describe('add-cluster wizard', { timeout: 60_000 }, () => {
  beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));

  it('pins only fingerprints a person accepted, tests the token, then saves', async () => {
    const net = installFakeFetch({
      'POST /api/clusters/probe-fingerprint': (req) => {
        const { url } = req.body as { url: string };
        return { body: cert(url, url.startsWith('pve1') ? FP1 : FP2) };
      },
      'POST /api/clusters/test': { body: testOk },
      'POST /api/clusters': (req) => {
        const sent = req.body as Pick<ClusterView, 'endpoints' | 'tags' | 'allowedCompanyIds'>;
        return {
          status: 201,
          body: clusterView({
            id: 'c1',
            name: 'lab',
            endpoints: sent.endpoints,
            tags: sent.tags,
            allowedCompanyIds: sent.allowedCompanyIds,
          }),
        };
      },
      'GET /api/clusters/c1': {
        status: 404,
        body: { statusCode: 404, code: 'NOT_FOUND', message: 'x' },
      },
      'GET /api/companies': {
        body: paged([companyView({ id: ACME })], { pageSize: 200 }),
      },
    });
    const user = userEvent.setup();
    const { router } = renderApp('/clusters/new', {
      session: sessionFor('super_admin'),
      consoleFeatures: [clustersFeature],
    });

    // Step 1: name and two endpoints.
    await user.type(await screen.findByRole('textbox', { name: 'Name' }, FIRST_PAINT), 'lab');
    await user.type(screen.getByRole('textbox', { name: 'Endpoint 1' }), 'pve1:8006');
    await user.click(screen.getByRole('button', { name: 'Add another endpoint' }));
    await user.type(screen.getByRole('textbox', { name: 'Endpoint 2' }), 'pve2:8006');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    // Step 2: both certificates are probed and shown; Next waits for both to be accepted.
    const cards = await screen.findAllByTestId('certificate-card');
    expect(cards).toHaveLength(2);
    expect(within(cards[0]).getByText(FP1)).toBeInTheDocument();
    expect(within(cards[0]).getByText('CN=pve1')).toBeInTheDocument();
    expect(within(cards[0]).getByText(/CN=Proxmox Virtual Environment/)).toBeInTheDocument();
    expect(within(cards[0]).getByText(/until 2036-01-01/)).toBeInTheDocument();
    expect(within(cards[1]).getByText(FP2)).toBeInTheDocument();
    expect(net.callsTo('POST', '/api/clusters/probe-fingerprint').map((c) => c.body)).toEqual([
      { url: 'pve1:8006' },
      { url: 'pve2:8006' },
    ]);
    const next = screen.getByRole('button', { name: 'Next' });
    expect(next).toBeDisabled();
    await user.click(within(cards[0]).getByRole('checkbox'));
    expect(next).toBeDisabled(); // the second endpoint is not accepted yet
    await user.click(within(cards[1]).getByRole('checkbox'));
    expect(next).toBeEnabled();
    // No secret went anywhere before the certificates were accepted.
    expect(net.callsTo('POST', '/api/clusters/test')).toHaveLength(0);
    await user.click(next);

    // Step 3: credentials (token is the default and says it is preferred), then the test.
    expect(screen.getByText(/API tokens are preferred/)).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Token ID' }), 'multpanel@pve!sync');
    await user.type(screen.getByLabelText('Token secret'), 's3cret');
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const result = await screen.findByTestId('test-result');
    expect(result).toHaveTextContent('Connected: Proxmox VE 9.1.2, 2 nodes, 12 ms');
    expect(result).toHaveTextContent('Cluster is quorate');
    expect(result).toHaveTextContent('Offline right now: pve2');
    expect(result).toHaveTextContent('The credentials hold 2 privileges on /.');
    expect(result).toHaveTextContent('Missing privileges for some features: VM.Allocate');
    const [tested] = net.callsTo('POST', '/api/clusters/test');
    expect(tested.body).toEqual({
      endpoints: [
        { url: 'pve1:8006', fingerprint: FP1 },
        { url: 'pve2:8006', fingerprint: FP2 },
      ],
      credentials: { type: 'token', tokenId: 'multpanel@pve!sync', secret: 's3cret' },
    });
    await user.click(screen.getByRole('button', { name: 'Next' }));

    // Step 4: placement, then save.
    await user.type(screen.getByRole('textbox', { name: 'Tags' }), 'prod, eu');
    await user.click(
      screen.getByRole('combobox', { name: 'Companies that may place guests here' }),
    );
    await user.click(await screen.findByRole('option', { name: 'Acme Corp' }));
    await user.click(screen.getByRole('button', { name: 'Add cluster' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/clusters/c1'));
    const [created] = net.callsTo('POST', '/api/clusters');
    expect(created.body).toMatchObject({
      name: 'lab',
      endpoints: [
        { url: 'pve1:8006', fingerprint: FP1 },
        { url: 'pve2:8006', fingerprint: FP2 },
      ],
      credentials: { type: 'token', tokenId: 'multpanel@pve!sync', secret: 's3cret' },
      tags: ['prod', 'eu'],
      allowedCompanyIds: [ACME],
    });
  });

  it('explains a failed certificate probe in words and does not go on', async () => {
    installFakeFetch({
      'POST /api/clusters/probe-fingerprint': {
        status: 503,
        body: {
          statusCode: 503,
          code: 'DEPENDENCY_UNAVAILABLE',
          message: 'pve9:8006 did not answer (connection refused)',
        },
      },
    });
    const user = userEvent.setup();
    renderApp('/clusters/new', {
      session: sessionFor('super_admin'),
      consoleFeatures: [clustersFeature],
    });
    await user.type(await screen.findByRole('textbox', { name: 'Name' }, FIRST_PAINT), 'x');
    await user.type(screen.getByRole('textbox', { name: 'Endpoint 1' }), 'pve9:8006');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(
      await screen.findByText(
        'Could not read the certificate: pve9:8006 did not answer (connection refused)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
  });
});
