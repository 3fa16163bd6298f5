import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { job, sessionFor } from '@/testing/fixtures';
import { deploymentView } from '@/testing/fixtures-workloads';
import { renderApp } from '@/testing/render-app';

const deployment = deploymentView({
  status: 'DEPLOYING',
  lastJobId: 'job-d',
  webhookUrl: 'http://localhost/api/deployments/d1/webhook',
  accessPublicKey: 'ssh-ed25519 AAAA multpanel',
});

const line = (text: string) => ({ at: '2026-01-01T10:00:02.000Z', line: text });

describe('deployment page', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
    vi.stubGlobal('WebSocket', FakeWebSocket);
  });

  it("shows the job log's last lines once the socket says the deploy ended", async () => {
    let jobCalls = 0;
    const net = installFakeFetch({
      'GET /api/deployments/d1': { body: deployment },
      'GET /api/deployments/d1/releases': { body: [] },
      'GET /api/jobs/job-d': () => {
        jobCalls++;
        // The first read is mid-build; later reads are the finished job with its whole log.
        return jobCalls === 1
          ? { body: { ...job({ id: 'job-d', type: 'deployments.run' }), log: [line('fetching')] } }
          : {
              body: {
                ...job({
                  id: 'job-d',
                  type: 'deployments.run',
                  status: 'succeeded',
                  progress: 100,
                }),
                log: [line('fetching'), line('built with ***')],
              },
            };
      },
    });
    renderApp('/deployments/d1', { session: sessionFor('company_admin') });
    await screen.findByRole('heading', { name: 'shop-api' }, { timeout: 15_000 });
    await waitFor(() => expect(jobCalls).toBe(1));
    await waitFor(() => expect(FakeWebSocket.instances.some((s) => s.readyState === 1)).toBe(true));
    // The end arrives over the socket, without the log (before the 3 s safety poll).
    act(() =>
      FakeWebSocket.broadcast(
        'job.updated',
        job({ id: 'job-d', type: 'deployments.run', status: 'succeeded', progress: 100 }),
      ),
    );
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Show log' }));
    expect(await screen.findByText(/built with \*\*\*/)).toBeInTheDocument();
    expect(net.callsTo('GET', '/api/jobs/job-d').length).toBeGreaterThanOrEqual(2);
  });
});
