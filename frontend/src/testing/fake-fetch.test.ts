import { describe, expect, it } from 'vitest';
import { api } from '@/lib/api-client';
import { sessionStore } from '@/lib/session-store';
import { installFakeFetch, takeContractViolations } from './fake-fetch';
import { ACME_ID, sessionFor } from './fixtures';

// Issue 16: the quota buttons once posted no body, the API answered 400, and every mocked test passed.
// The double now checks each body against the contract the API validates it with; this shows that a
// refused body fails (setup-tests throws on any violation left at the end of a test).
describe('the fake API checks request bodies against the contracts', () => {
  const ID = '77777777-7777-4777-8777-777777777777';
  const approved = {
    body: {
      id: ID,
      companyId: ACME_ID,
      companyName: 'Acme Corp',
      requestedById: 'u-company_admin',
      requestedByName: 'Demo company_admin',
      requested: { guests: 20 },
      reason: 'new project',
      status: 'approved',
      decidedById: 'u-super_admin',
      decidedByName: 'Demo super_admin',
      decidedAt: '2026-01-02T10:00:00.000Z',
      note: null,
      createdAt: '2026-01-01T10:00:00.000Z',
    },
  };

  it('answers 400 and records a violation for a body the API refuses', async () => {
    sessionStore.setSession(sessionFor('super_admin'));
    const net = installFakeFetch({ [`POST /api/quota-requests/${ID}/approve`]: approved });

    // The original bug: no body at all.
    await expect(api.post(`/quota-requests/${ID}/approve`)).rejects.toMatchObject({ status: 400 });
    // A field the strict schema does not know.
    await expect(
      api.post(`/quota-requests/${ID}/approve`, { reason: 'why not' }),
    ).rejects.toMatchObject({ status: 400 });
    const violations = takeContractViolations();
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(
      /^POST \/api\/quota-requests\/.+ \(POST \/quota-requests\/:id\/approve\)/,
    );
    expect(violations[1]).toMatch(/Unrecognized key/);

    // What the SPA sends now passes and reaches the handler.
    await expect(api.post(`/quota-requests/${ID}/approve`, {})).resolves.toMatchObject({ id: ID });
    expect(takeContractViolations()).toEqual([]);
    expect(net.callsTo('POST', `/api/quota-requests/${ID}/approve`)).toHaveLength(3);
  });
});

// The same gap on the way back: a canned answer the API never gives lets a screen pass against data
// no server produces. The double parses each 2xx answer with the route's contract response schema
// (API_RESPONSES, which the backend's api-responses agreement suite parses the real API's answers with).
describe('the fake API checks canned answers against the contracts', () => {
  const quota = {
    companyId: ACME_ID,
    limits: { guests: 10, vcpus: null, memoryMb: null, diskGb: null },
    usage: { guests: 1, vcpus: 2, memoryMb: 2048, diskGb: 20 },
  };

  it('records a violation for an answer that does not parse, and none for a true one', async () => {
    sessionStore.setSession(sessionFor('company_admin'));
    installFakeFetch({
      [`GET /api/companies/${ACME_ID}/quota`]: { body: quota },
      'GET /api/jobs': { body: { items: [{ id: 'job-1', status: 'done' }], total: 1 } },
    });
    await api.get(`/companies/${ACME_ID}/quota`);
    expect(takeContractViolations()).toEqual([]);

    // A page without page/pageSize, and a job with a status the API does not have.
    await api.get('/jobs');
    const [violation, ...rest] = takeContractViolations();
    expect(rest).toEqual([]);
    expect(violation).toMatch(/^GET \/api\/jobs \(GET \/jobs\) answered what the API never does/);
    expect(violation).toMatch(/items\.0\.status/);
    expect(violation).toMatch(/page:/);
  });

  it('records a route that has no response schema and is not on the allow-list', async () => {
    sessionStore.setSession(sessionFor('super_admin'));
    installFakeFetch({ 'GET /api/no-such-route': { body: { ok: true } } });
    await api.get('/no-such-route');
    expect(takeContractViolations()).toEqual([
      expect.stringMatching(/^GET \/api\/no-such-route: no response schema/),
    ]);
    // Errors and empty answers carry no payload to check.
    installFakeFetch({ 'GET /api/no-such-route': { status: 409, body: { code: 'X' } } });
    await expect(api.get('/no-such-route')).rejects.toMatchObject({ status: 409 });
    expect(takeContractViolations()).toEqual([]);
  });
});
