import { describe, expect, it } from 'vitest';
import { api } from '@/lib/api-client';
import { sessionStore } from '@/lib/session-store';
import { installFakeFetch, takeContractViolations } from './fake-fetch';
import { sessionFor } from './fixtures';

// Issue 16: the quota buttons once posted no body, the API answered 400, and every mocked test passed.
// The double now checks each body against the contract the API validates it with; this shows that a
// refused body fails (setup-tests throws on any violation left at the end of a test).
describe('the fake API checks request bodies against the contracts', () => {
  const ID = '77777777-7777-4777-8777-777777777777';
  const approved = { body: { id: ID, status: 'approved' } };

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
