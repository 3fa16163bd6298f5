import { describe, expect, it } from 'vitest';
import { installFakeFetch } from '@/testing/fake-fetch';
import { sessionFor } from '@/testing/fixtures';
import { api, apiUrl } from './api-client';
import { ApiError } from './api-error';
import { sessionStore } from './session-store';

describe('api client', () => {
  it('sends the bearer token and parses JSON', async () => {
    sessionStore.setSession(sessionFor('company_admin', 'tok-1'));
    const net = installFakeFetch({ 'GET /api/things': { body: { ok: 1 } } });
    await expect(api.get('/things')).resolves.toEqual({ ok: 1 });
    expect(net.calls[0]?.headers.authorization).toBe('Bearer tok-1');
  });

  it('refreshes once on 401 and retries with the new token', async () => {
    sessionStore.setSession(sessionFor('company_admin', 'old-token'));
    const net = installFakeFetch({
      'GET /api/things': (req) =>
        req.headers.authorization === 'Bearer new-token'
          ? { body: { items: [1, 2] } }
          : { status: 401, body: { statusCode: 401, code: 'UNAUTHENTICATED', message: 'expired' } },
      'POST /api/auth/refresh': { body: sessionFor('company_admin', 'new-token') },
    });

    await expect(api.get('/things')).resolves.toEqual({ items: [1, 2] });
    expect(net.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
    expect(net.callsTo('GET', '/api/things')).toHaveLength(2);
    expect(sessionStore.accessToken()).toBe('new-token');
  });

  it('shares one refresh between parallel 401s (the API rotates refresh tokens)', async () => {
    sessionStore.setSession(sessionFor('user', 'old'));
    const net = installFakeFetch({
      'GET /api/a': (req) =>
        req.headers.authorization === 'Bearer fresh' ? { body: 'a' } : { status: 401 },
      'GET /api/b': (req) =>
        req.headers.authorization === 'Bearer fresh' ? { body: 'b' } : { status: 401 },
      'POST /api/auth/refresh': async () => {
        await new Promise((r) => setTimeout(r, 20));
        return { body: sessionFor('user', 'fresh') };
      },
    });
    await expect(Promise.all([api.get('/a'), api.get('/b')])).resolves.toEqual(['a', 'b']);
    expect(net.callsTo('POST', '/api/auth/refresh')).toHaveLength(1);
  });

  it('ends the session when the refresh is refused', async () => {
    sessionStore.setSession(sessionFor('user', 'old'));
    installFakeFetch({
      'GET /api/things': {
        status: 401,
        body: { statusCode: 401, code: 'UNAUTHENTICATED', message: 'no' },
      },
      'POST /api/auth/refresh': {
        status: 401,
        body: { statusCode: 401, code: 'UNAUTHENTICATED', message: 'no' },
      },
    });
    const error = await api.get('/things').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('UNAUTHENTICATED');
    expect(sessionStore.getState()).toEqual({ status: 'anonymous', reason: 'expired' });
  });

  it('does not refresh for public calls', async () => {
    const net = installFakeFetch({
      'POST /api/auth/login': {
        status: 401,
        body: {
          statusCode: 401,
          code: 'INVALID_CREDENTIALS',
          message: 'Invalid email or password',
        },
      },
    });
    await expect(
      api.post('/auth/login', { email: 'a@b.example', password: 'x' }, { auth: false }),
    ).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
      status: 401,
    });
    expect(net.callsTo('POST', '/api/auth/refresh')).toHaveLength(0);
  });

  it('maps the error body, including per-field details', async () => {
    installFakeFetch({
      'POST /api/things': {
        status: 400,
        body: {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'email: Invalid email',
          details: [{ path: ['email'], message: 'Invalid email' }],
        },
      },
    });
    const error = (await api.post('/things', {}).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fieldErrors()).toEqual({ email: 'Invalid email' });
  });

  it('turns a non-JSON failure and a network failure into coded errors', async () => {
    installFakeFetch({ 'GET /api/proxy': { status: 502, text: '<html>Bad gateway</html>' } });
    await expect(api.get('/proxy')).rejects.toMatchObject({ code: 'INTERNAL', status: 502 });

    const { vi } = await import('vitest');
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.get('/anything')).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('accepts declared non-2xx answers as data (degraded health is 503)', async () => {
    installFakeFetch({ 'GET /api/health': { status: 503, body: { status: 'degraded' } } });
    await expect(api.get('/health', { acceptStatus: [503] })).resolves.toEqual({
      status: 'degraded',
    });
    await expect(api.get('/health')).rejects.toBeInstanceOf(ApiError);
  });

  it('builds URLs without empty query values', () => {
    expect(apiUrl('/activity', { page: 2, search: '', action: undefined, from: null })).toBe(
      '/api/activity?page=2',
    );
  });
});
