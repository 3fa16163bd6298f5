import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { i18n } from '@/i18n';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { en as clustersEn } from '../i18n.en';
import { clustersFeature } from '../routes';

const FP = Array(32).fill('AB').join(':');

describe('add-cluster wizard', () => {
  beforeAll(() => {
    i18n.addResourceBundle('en', 'translation', clustersEn, true, true);
  });

  it('pins only a fingerprint a person confirmed, tests the token, then saves', async () => {
    const net = installFakeFetch({
      'POST /api/clusters/probe-fingerprint': {
        body: {
          url: 'pve1:8006',
          fingerprint: FP,
          subject: 'CN=pve1',
          issuer: 'CN=ca',
          validFrom: 'x',
          validTo: '2030',
          selfSigned: false,
        },
      },
      'POST /api/clusters/test': {
        body: {
          ok: true,
          reachable: true,
          version: '9.1.2',
          clusterName: 'lab',
          quorate: true,
          nodes: [{ name: 'pve1', online: true }],
          latencyMs: 12,
          permissions: [],
          missingPermissions: [],
          endpoint: null,
          error: null,
          errorCode: null,
        },
      },
      'POST /api/clusters': { status: 201, body: { id: 'c1', name: 'lab' } },
      'GET /api/clusters': { body: [] },
    });
    const user = userEvent.setup();
    const { router } = renderApp('/clusters/new', {
      session: sessionFor('super_admin'),
      consoleFeatures: [clustersFeature],
    });

    await user.type(await screen.findByRole('textbox', { name: 'Endpoint' }), 'pve1:8006');
    await user.click(screen.getByRole('button', { name: 'Read certificate' }));
    expect(await screen.findByText(FP)).toBeInTheDocument();
    const next = screen.getByRole('button', { name: 'Next' });
    expect(next).toBeDisabled(); // not before the person confirms
    await user.click(screen.getByRole('checkbox'));
    await user.click(next);

    await user.type(screen.getByRole('textbox', { name: 'Token ID' }), 'multpanel@pve!sync');
    await user.type(screen.getByLabelText('Token secret'), 's3cret');
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(
      await screen.findByText(/Connected: Proxmox VE 9.1.2, 1 nodes, 12 ms/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));

    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('lab');
    await user.type(screen.getByRole('textbox', { name: 'Tags' }), 'prod, eu');
    await user.click(screen.getByRole('button', { name: 'Add cluster' }));

    await expect.poll(() => router.state.location.pathname, { timeout: 5000 }).toBe('/clusters');
    const [created] = net.callsTo('POST', '/api/clusters');
    expect(created.body).toMatchObject({
      name: 'lab',
      endpoints: [{ url: 'pve1:8006', fingerprint: FP }],
      credentials: { type: 'token', tokenId: 'multpanel@pve!sync', secret: 's3cret' },
      tags: ['prod', 'eu'],
    });
  });
});
