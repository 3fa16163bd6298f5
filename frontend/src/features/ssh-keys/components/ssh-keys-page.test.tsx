import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SshKeysOverview, SshNodeResult } from '@multpanel/contracts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { installFakeFetch } from '@/testing/fake-fetch';
import { job as jobFixture, sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { sshKeysFeature } from '../routes';

const C = '0193a1b2-0000-7000-8000-0000000000c1';
const KEY = '0193a1b2-0000-7000-8000-0000000000k1';

const overview: SshKeysOverview = {
  activeKey: {
    id: KEY,
    fingerprint: 'SHA256:abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ',
    publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample multpanel-20261122',
    status: 'active',
    createdAt: '2026-11-22T00:00:00.000Z',
    retiredAt: null,
  },
  keys: [],
  nodes: ['pve1', 'pve2'].map((node, i) => ({
    clusterId: C,
    clusterName: 'fra-1',
    sshUser: 'root',
    node,
    host: node,
    port: 22,
    sshHost: null,
    sshPort: null,
    sshHostKey: null,
    acceptedKeyIds: i === 0 ? [KEY] : [],
    acceptsActive: i === 0,
    latencyMs: i === 0 ? 12 : null,
    lastCheckAt: '2026-11-22T00:10:00.000Z',
    lastOkAt: null,
    lastError: i === 0 ? null : 'key not accepted',
  })),
};

describe('SSH keys page', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeWebSocket);
  });

  it('edits a node SSH target and refreshes when a node loses the key', async () => {
    const net = installFakeFetch({
      'GET /api/ssh-keys': { body: overview },
      [`PUT /api/clusters/${C}/nodes/pve2/ssh`]: {
        body: { ...overview.nodes[1], sshHost: '10.0.0.2', sshPort: 2222 },
      },
    });
    renderApp('/ssh-keys', {
      session: sessionFor('super_admin'),
      consoleFeatures: [sshKeysFeature],
    });
    await screen.findByTestId('ssh-node-pve2');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit SSH target of pve2' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Host or IP'), '10.0.0.2');
    await user.type(within(dialog).getByLabelText('Port'), '2222');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(net.callsTo('PUT', `/api/clusters/${C}/nodes/pve2/ssh`)[0]?.body).toEqual({
        host: '10.0.0.2',
        port: 2222,
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await waitFor(() => expect(FakeWebSocket.instances.some((s) => s.readyState === 1)).toBe(true));
    expect(FakeWebSocket.instances).toHaveLength(1);
    const before = net.callsTo('GET', '/api/ssh-keys').length;
    act(() => FakeWebSocket.broadcast('job.updated', { id: 'x' }));
    act(() =>
      FakeWebSocket.broadcast('ssh.key-health', {
        clusterId: C,
        clusterName: 'fra-1',
        node: 'pve1',
        acceptsActive: false,
        error: 'key not accepted',
      }),
    );
    await waitFor(() => expect(net.callsTo('GET', '/api/ssh-keys').length).toBeGreaterThan(before));
  });

  it('shows the active key and per-node health, pushes with a password it does not keep', async () => {
    const result = (node: string, ok: boolean): SshNodeResult => ({
      clusterId: C,
      clusterName: 'fra-1',
      node,
      host: node,
      port: 22,
      ok,
      latencyMs: ok ? 9 : undefined,
      error: ok ? undefined : 'password rejected',
    });
    const net = installFakeFetch({
      'GET /api/ssh-keys': { body: overview },
      [`POST /api/clusters/${C}/ssh/push`]: {
        body: [result('pve1', true), result('pve2', false)],
      },
    });
    renderApp('/ssh-keys', {
      session: sessionFor('super_admin'),
      consoleFeatures: [sshKeysFeature],
    });

    expect(await screen.findByTestId('ssh-active-fingerprint')).toHaveTextContent(
      overview.activeKey!.fingerprint,
    );
    expect(within(screen.getByTestId('ssh-node-pve1')).getByText('Yes')).toBeInTheDocument();
    expect(within(screen.getByTestId('ssh-node-pve2')).getByText('No')).toBeInTheDocument();
    expect(
      within(screen.getByTestId('ssh-node-pve2')).getByText('key not accepted'),
    ).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Push key' }));
    const dialog = await screen.findByRole('dialog');
    const push = within(dialog).getByRole('button', { name: 'Push' });
    expect(push).toBeDisabled();
    await user.type(within(dialog).getByLabelText('Password of root'), 's3cret-once');
    await user.click(push);

    await waitFor(() => expect(net.callsTo('POST', `/api/clusters/${C}/ssh/push`)).toHaveLength(1));
    expect(net.callsTo('POST', `/api/clusters/${C}/ssh/push`)[0].body).toEqual({
      password: 's3cret-once',
    });
    expect(await within(dialog).findByTestId('ssh-result-pve2')).toHaveTextContent(
      'password rejected',
    );
    expect(within(dialog).getByTestId('ssh-result-pve1')).toHaveTextContent('OK (9 ms)');
    // The form (and the password with it) is gone once results are shown.
    expect(within(dialog).queryByLabelText('Password of root')).toBeNull();
    expect(document.body.innerHTML).not.toContain('s3cret-once');
  });

  it('asks before rotating and then follows the job', async () => {
    const job = jobFixture({
      id: '0193a1b2-0000-7000-8000-0000000000j1',
      type: 'ssh-keys.rotate',
      progress: 50,
      message: '1/2 nodes',
      companyId: null,
      actorId: null,
      guestId: null,
      clusterId: null,
      node: null,
      createdAt: '2026-11-22T00:00:00.000Z',
      startedAt: null,
    });
    const net = installFakeFetch({
      'GET /api/ssh-keys': { body: overview },
      'POST /api/ssh-keys/rotate': { status: 202, body: { job } },
      [`GET /api/jobs/${job.id}`]: { body: job },
    });
    renderApp('/ssh-keys', {
      session: sessionFor('super_admin'),
      consoleFeatures: [sshKeysFeature],
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Rotate key' }));
    const dialog = await screen.findByRole('dialog');
    expect(net.callsTo('POST', '/api/ssh-keys/rotate')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    await waitFor(() => expect(net.callsTo('POST', '/api/ssh-keys/rotate')).toHaveLength(1));
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Rotate key' })).toBeDisabled();
  });

  it('is not offered to a company admin', async () => {
    installFakeFetch({
      'GET /api/ssh-keys': {
        status: 403,
        body: { statusCode: 403, code: 'FORBIDDEN', message: 'no' },
      },
    });
    renderApp('/ssh-keys', {
      session: sessionFor('company_admin'),
      consoleFeatures: [sshKeysFeature],
    });
    await waitFor(() => expect(screen.queryByTestId('ssh-active-fingerprint')).toBeNull());
    expect(screen.queryByRole('button', { name: 'Rotate key' })).toBeNull();
  });
});
