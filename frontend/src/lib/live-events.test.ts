import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { FakeWebSocket } from '@/testing/fake-web-socket';
import { sessionFor } from '@/testing/fixtures';
import { isLiveConnected, reconnectDelay, resetLiveEvents, subscribe } from './live-events';
import { sessionStore } from './session-store';

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const job = { id: 'job-1', status: 'running' };
const health = { clusterId: 'c-1', status: 'offline' };

describe('live events socket', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
    FakeWebSocket.refuseConnections = false;
    vi.stubGlobal('WebSocket', FakeWebSocket);
  });
  afterEach(() => {
    resetLiveEvents();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('shares one connection among every subscriber and hands each only its type', async () => {
    sessionStore.setSession(sessionFor('company_admin'));
    const jobs = vi.fn();
    const jobsToo = vi.fn();
    const clusters = vi.fn();
    subscribe('job.updated', jobs);
    subscribe('job.updated', jobsToo);
    subscribe('cluster.health', clusters);
    await flush();

    expect(FakeWebSocket.instances).toHaveLength(1);
    const socket = FakeWebSocket.instances[0]!;
    expect(socket.url).toMatch(/^ws:\/\/[^/]+\/api\/events\?token=token-company_admin$/);
    expect(isLiveConnected()).toBe(true);

    socket.push('job.updated', job);
    socket.push('cluster.health', health);
    socket.push('ssh.key-health', { node: 'pve1' });
    socket.onmessage?.({ data: 'not json' });
    socket.onmessage?.({ data: '{"payload":1}' });

    expect(jobs.mock.calls).toEqual([[job]]);
    expect(jobsToo.mock.calls).toEqual([[job]]);
    expect(clusters.mock.calls).toEqual([[health]]);
  });

  it('stops delivering after unsubscribe and closes when the last subscriber leaves', async () => {
    sessionStore.setSession(sessionFor('company_admin'));
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = subscribe('job.updated', first);
    const stopSecond = subscribe('job.updated', second);
    await flush();
    const socket = FakeWebSocket.instances[0]!;

    stopFirst();
    socket.push('job.updated', job);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    await flush();
    expect(socket.readyState).toBe(1);

    stopSecond();
    // A page swap resubscribes in the same task: the connection survives it.
    const third = vi.fn();
    const stopThird = subscribe('job.updated', third);
    await flush();
    expect(FakeWebSocket.live()).toEqual([socket]);

    stopThird();
    await flush();
    expect(socket.readyState).toBe(3);
    expect(isLiveConnected()).toBe(false);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('connects only while signed in, and reconnects as the next user', async () => {
    const handler = vi.fn();
    subscribe('job.updated', handler);
    await flush();
    expect(FakeWebSocket.instances).toHaveLength(0);

    sessionStore.setSession(sessionFor('company_admin'));
    await flush();
    expect(FakeWebSocket.live()).toHaveLength(1);

    // A refreshed token for the same user keeps the connection.
    sessionStore.setSession(sessionFor('company_admin', 'token-refreshed'));
    await flush();
    expect(FakeWebSocket.instances).toHaveLength(1);

    sessionStore.clear('logged_out');
    await flush();
    expect(FakeWebSocket.live()).toHaveLength(0);

    sessionStore.setSession(sessionFor('super_admin'));
    await flush();
    expect(FakeWebSocket.live()).toHaveLength(1);
    expect(FakeWebSocket.live()[0]!.url).toMatch(/token=token-super_admin$/);

    // Straight to another user without a sign-out in between: never two connections.
    sessionStore.setSession(sessionFor('user'));
    await flush();
    expect(FakeWebSocket.live()).toHaveLength(1);
    expect(FakeWebSocket.live()[0]!.url).toMatch(/token=token-user$/);
  });

  it('reconnects with growing back-off while the API is away, and resets once open', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(1);
    sessionStore.setSession(sessionFor('company_admin'));
    const handler = vi.fn();
    subscribe('job.updated', handler);
    await Promise.resolve();
    expect(isLiveConnected()).toBe(true);

    FakeWebSocket.refuseConnections = true;
    FakeWebSocket.instances[0]!.serverClose(1006);
    expect(isLiveConnected()).toBe(false);
    // Each refused attempt doubles the wait: 500 ms, 1 s, then 2 s.
    for (const [index, delay] of [500, 1000, 2000].entries()) {
      if (index === 2) FakeWebSocket.refuseConnections = false;
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(FakeWebSocket.instances).toHaveLength(index + 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(FakeWebSocket.instances).toHaveLength(index + 2);
    }
    expect(isLiveConnected()).toBe(true);
    expect(FakeWebSocket.live()).toHaveLength(1);
    FakeWebSocket.instances[3]!.push('job.updated', job);
    expect(handler).toHaveBeenCalledWith(job);

    // Open again: the next drop starts from the shortest wait.
    FakeWebSocket.instances[3]!.serverClose(1006);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.instances).toHaveLength(5);
  });

  it('refreshes an expired token (close 4401) before reconnecting', async () => {
    const net = installFakeFetch({
      'POST /api/auth/refresh': { body: sessionFor('company_admin', 'token-fresh') },
    });
    sessionStore.setSession(sessionFor('company_admin', 'token-stale'));
    subscribe('job.updated', vi.fn());
    await flush();
    FakeWebSocket.instances[0]!.serverClose(4401);

    await vi.waitFor(() => expect(FakeWebSocket.live()).toHaveLength(1));
    expect(net.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(FakeWebSocket.instances[1]!.url).toMatch(/token=token-fresh$/);
  });

  it('spreads reconnects over the upper half of an exponential window capped at 15 s', () => {
    expect(reconnectDelay(1, () => 0)).toBe(250);
    expect(reconnectDelay(1, () => 1)).toBe(500);
    expect(reconnectDelay(3, () => 1)).toBe(2000);
    expect(reconnectDelay(20, () => 0)).toBe(7500);
    expect(reconnectDelay(20, () => 1)).toBe(15000);
  });
});
