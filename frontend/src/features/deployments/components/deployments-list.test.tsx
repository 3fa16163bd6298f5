import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import type { DeploymentView } from '@multpanel/contracts';
import { job, paged, sessionFor } from '@/testing/fixtures';
import { deploymentStats, deploymentView } from '@/testing/fixtures-workloads';
import { renderApp } from '@/testing/render-app';

const deployment = (over: Partial<DeploymentView> = {}) =>
  deploymentView({
    target: { type: 'guest', guestId: 'g1', sshUser: 'root', sshPort: 22 },
    ...over,
  });

const stats = deploymentStats({
  total: 3,
  active: 2,
  successRate: 0.75,
  medianDeployMs: 12_400,
});

describe('deployments', () => {
  it('lists deployments with status chips and the statistics', async () => {
    installFakeFetch({
      'GET /api/deployments': () => ({
        body: paged([deployment(), deployment({ id: 'd2', name: 'blog', status: 'FAILED' })]),
      }),
      'GET /api/deployments/stats': { body: stats },
    });
    renderApp('/deployments', { session: sessionFor('company_admin') });
    expect(await screen.findByText('shop-api', {}, { timeout: 15_000 })).toBeInTheDocument();
    // The chip and the statistics card's label.
    expect(screen.getAllByText('Running')).toHaveLength(2);
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(await screen.findByText('75 %')).toBeInTheDocument();
    expect(screen.getByText('12.4 s')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New deployment' })).toBeInTheDocument();
  });

  it('/mobile redeploys a deployment', async () => {
    const net = installFakeFetch({
      'GET /api/deployments': {
        body: paged([deployment()], { pageSize: 50 }),
      },
      'POST /api/deployments/d1/deploy': {
        status: 202,
        body: job({ id: 'j1', type: 'deployments.run', status: 'queued', progress: 0 }),
      },
    });
    const user = userEvent.setup();
    renderApp('/mobile/deployments', { session: sessionFor('company_admin') });
    const item = (await screen.findByText('shop-api')).closest('li') as HTMLElement;
    await user.click(within(item).getByRole('button', { name: 'Redeploy' }));
    await waitFor(() => expect(net.callsTo('POST', '/api/deployments/d1/deploy')).toHaveLength(1));
  });
  it('the deployment page cancels a running deploy and deletes after a confirmation', async () => {
    const net = installFakeFetch({
      'GET /api/deployments/d1': {
        body: deployment({ status: 'DEPLOYING', lastJobId: null, webhookUrl: 'https://x/wh' }),
      },
      'GET /api/deployments/d1/releases': { body: [] },
      'POST /api/deployments/d1/cancel': {
        status: 202,
        body: job({ id: 'j1', type: 'deployments.run', status: 'running', progress: 40 }),
      },
      'DELETE /api/deployments/d1': {
        status: 202,
        body: job({ id: 'j2', type: 'deployments.run', status: 'queued', progress: 0 }),
      },
      'GET /api/deployments': {
        body: paged([deployment({ status: 'DELETING' })]),
      },
      'GET /api/deployments/stats': { body: stats },
    });
    const user = userEvent.setup();
    renderApp('/deployments/d1', { session: sessionFor('company_admin') });
    await user.click(
      await screen.findByRole('button', { name: 'Cancel deploy' }, { timeout: 15_000 }),
    );
    await waitFor(() => expect(net.callsTo('POST', '/api/deployments/d1/cancel')).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/The guest itself is kept/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(net.callsTo('DELETE', '/api/deployments/d1')).toHaveLength(1));
    // Back on the list, where it shows DELETING until the job has removed it.
    expect(await screen.findByText('Deleting')).toBeInTheDocument();
  });
  it('a deployment that created its guest says the guest is destroyed with it', async () => {
    installFakeFetch({
      'GET /api/deployments/d1': {
        body: deployment({
          lastJobId: null,
          webhookUrl: 'https://x/wh',
          domain: 'shop.example.test',
          target: { type: 'new', guestId: 'g9', sshUser: 'deploy', sshPort: 22 },
        }),
      },
      'GET /api/deployments/d1/releases': { body: [] },
    });
    const user = userEvent.setup();
    renderApp('/deployments/d1', { session: sessionFor('company_admin') });
    expect(
      await screen.findByText(/Domain shop.example.test/, {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    // No release ran yet: nothing to follow.
    expect(screen.getByRole('button', { name: 'Follow' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/destroy the guest it created/)).toBeInTheDocument();
  });
});
