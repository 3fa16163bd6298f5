import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { UpdateInfo, UpdateRun } from '@multpanel/contracts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { renderApp } from '@/testing/render-app';
import { systemFeature } from '../routes';

const info: UpdateInfo = {
  version: '1.0.0',
  commit: 'a'.repeat(40),
  tag: 'v1.0.0',
  installPath: '/opt/multpanel',
  remote: 'origin',
  lastUpdate: null,
  activeRunId: null,
  node: 'v20.19.0',
  mariadb: '10.11.6',
  redis: '7.0.15',
  pm2: [],
};

const run: UpdateRun = {
  id: '20261206T050405-88a936',
  kind: 'update',
  status: 'running',
  from: { version: '1.0.0', commit: 'a'.repeat(40) },
  to: { version: '1.1.0', commit: 'b'.repeat(40), tag: 'v1.1.0' },
  actor: { type: 'user', email: 'root@update.test' },
  startedAt: '2026-12-06T05:04:05.000Z',
  steps: [
    {
      name: 'preflight',
      status: 'succeeded',
      startedAt: '2026-12-06T05:04:05.000Z',
      durationMs: 300,
    },
  ],
  backup: null,
};

describe('System → Updates', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeWebSocket);
  });

  it('checks, reads the changelog, updates and follows the live log to the end', async () => {
    const net = installFakeFetch({
      'GET /api/system/updates/info': { body: info },
      'GET /api/system/updates/history': { body: [] },
      'GET /api/system/updates/check': {
        body: {
          current: '1.0.0',
          latest: '1.1.0',
          checkedAt: '2026-12-06T05:00:00.000Z',
          available: [
            {
              tag: 'v1.1.0',
              version: '1.1.0',
              commit: 'b'.repeat(40),
              date: '2026-12-05T00:00:00Z',
              subject: 'Multpanel 1.1.0',
              prerelease: false,
            },
          ],
        },
      },
      'GET /api/system/updates/changelog/1.1.0': {
        body: {
          from: '1.0.0',
          to: '1.1.0',
          sections: [{ version: '1.1.0', title: '1.1.0 - probe', body: '- A ReleaseProbe table.' }],
        },
      },
      'POST /api/system/updates/execute': { status: 202, body: { runId: run.id } },
      [`GET /api/system/updates/runs/${run.id}`]: {
        body: {
          run,
          log: [
            {
              seq: 1,
              at: '2026-12-06T05:04:05.100Z',
              step: 'preflight',
              line: 'work tree is clean',
            },
          ],
        },
      },
    });
    renderApp('/system/updates', {
      session: sessionFor('super_admin'),
      consoleFeatures: [systemFeature],
    });
    expect(await screen.findByTestId('running-version')).toHaveTextContent('1.0.0');
    await userEvent.click(screen.getByRole('button', { name: 'Check for updates' }));
    const release = await screen.findByTestId('release-1.1.0');
    await userEvent.click(within(release).getByRole('button', { name: 'Changelog' }));
    expect(await screen.findByTestId('changelog-1.1.0')).toHaveTextContent('A ReleaseProbe table.');
    await userEvent.click(within(release).getByRole('button', { name: 'Update to v1.1.0' }));
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Update' }),
    );
    await waitFor(() =>
      expect(
        net.calls.some(
          (c) => c.method === 'POST' && (c.body as { version: string }).version === '1.1.0',
        ),
      ).toBe(true),
    );
    const log = await screen.findByTestId('update-log');
    await waitFor(() => expect(log).toHaveTextContent('work tree is clean'));
    act(() => {
      FakeWebSocket.broadcast('system.update', {
        runId: run.id,
        kind: 'log',
        entry: { seq: 2, at: '2026-12-06T05:04:06.000Z', step: 'backup', line: 'database saved' },
      });
      // A line of another run is not shown here.
      FakeWebSocket.broadcast('system.update', {
        runId: 'other',
        kind: 'log',
        entry: { seq: 3, at: '2026-12-06T05:04:06.000Z', step: 'backup', line: 'not this run' },
      });
      FakeWebSocket.broadcast('system.update', {
        runId: run.id,
        kind: 'run',
        run: { ...run, status: 'succeeded', durationMs: 90_000 },
      });
    });
    await waitFor(() => expect(screen.getByTestId('run-status')).toHaveTextContent('Succeeded'));
    expect(log).toHaveTextContent('database saved');
    expect(log).not.toHaveTextContent('not this run');
  });

  it('keeps the lines read after a later live line arrived first', async () => {
    let answer: (v: { body: unknown }) => void = () => undefined;
    const pending = new Promise<{ body: unknown }>((r) => (answer = r));
    const entry = (seq: number, line: string) => ({
      seq,
      at: '2026-12-06T05:04:05.000Z',
      step: 'backup',
      line,
    });
    installFakeFetch({
      'GET /api/system/updates/info': { body: { ...info, activeRunId: run.id } },
      'GET /api/system/updates/history': { body: [] },
      [`GET /api/system/updates/runs/${run.id}`]: () => pending,
    });
    renderApp(`/system/updates?run=${run.id}`, {
      session: sessionFor('super_admin'),
      consoleFeatures: [systemFeature],
    });
    await waitFor(() => expect(FakeWebSocket.live().some((s) => s.readyState === 1)).toBe(true));
    act(() => {
      FakeWebSocket.broadcast('system.update', {
        runId: run.id,
        kind: 'log',
        entry: entry(3, 'kept the build'),
      });
    });
    await act(async () => {
      answer({ body: { run, log: [entry(1, 'work tree is clean'), entry(2, 'database saved')] } });
      await pending;
    });
    const log = await screen.findByTestId('update-log');
    await waitFor(() => expect(log).toHaveTextContent('kept the build'));
    expect(log.textContent).toMatch(/work tree is clean[\s\S]*database saved[\s\S]*kept the build/);
  });
});
