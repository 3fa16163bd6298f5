import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FRAMEWORK_PRESETS } from '@multpanel/contracts';
import { installFakeFetch } from '@/testing/fake-fetch';
import { companyView, paged, sessionFor } from '@/testing/fixtures';
import { createdDeploymentView, guestSummary } from '@/testing/fixtures-workloads';
import { renderApp } from '@/testing/render-app';

const CO = '0199aaaa-bbbb-7ccc-8ddd-000000000001';
const GUEST = '0199aaaa-bbbb-7ccc-8ddd-000000000002';

describe('new deployment wizard', () => {
  it('walks repository → framework → target → env → review and shows the one-time secret', async () => {
    const net = installFakeFetch({
      'GET /api/frameworks': () => ({ body: FRAMEWORK_PRESETS }),
      'GET /api/companies': () => ({
        body: paged([companyView({ id: CO, name: 'Acme' })], { pageSize: 200 }),
      }),
      'GET /api/vms': () => ({
        body: paged(
          [guestSummary({ id: GUEST, name: 'web-1', kind: 'lxc', vmid: 101, companyId: CO })],
          { pageSize: 200 },
        ),
      }),
      'POST /api/deployments': () => ({
        status: 201,
        body: createdDeploymentView({
          id: 'd1',
          companyId: CO,
          name: 'shop',
          status: 'PENDING',
          target: { type: 'guest', guestId: GUEST, sshUser: 'root', sshPort: 22 },
          webhookSecret: 'f'.repeat(48),
          webhookUrl: 'https://panel.example/api/deployments/d1/webhook',
          accessPublicKey: 'ssh-ed25519 AAAA multpanel-app-shop',
          deployPublicKey: null,
        }),
      }),
    });
    const user = userEvent.setup();
    renderApp('/deployments/new', { session: sessionFor('super_admin') });
    await user.type(await screen.findByLabelText('Name', {}, { timeout: 15_000 }), 'shop');
    await user.type(screen.getByLabelText('Repository URL'), 'https://git.example.test/shop.git');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.type(await screen.findByLabelText('Port'), '8080');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('combobox', { name: 'Company' }));
    await user.click(await screen.findByRole('option', { name: 'Acme' }));
    await user.click(screen.getByRole('combobox', { name: 'Guest' }));
    await user.click(await screen.findByRole('option', { name: /web-1/ }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('button', { name: 'Add variable' }));
    await user.type(screen.getByLabelText('Variable'), 'API_KEY');
    await user.type(screen.getByLabelText('Value'), 'k-123');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('button', { name: 'New deployment' }));

    await waitFor(() => expect(net.callsTo('POST', '/api/deployments')).toHaveLength(1));
    expect(net.callsTo('POST', '/api/deployments')[0]!.body).toMatchObject({
      companyId: CO,
      name: 'shop',
      framework: 'express',
      port: 8080,
      target: { type: 'guest', guestId: GUEST, sshUser: 'root', sshPort: 22 },
      env: [{ key: 'API_KEY', value: 'k-123', secret: true }],
    });
    expect(await screen.findByDisplayValue('f'.repeat(48))).toBeInTheDocument();
    expect(screen.getByText(/shown only now/)).toBeInTheDocument();
  }, 60_000);
});
