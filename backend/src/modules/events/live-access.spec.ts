import type { Principal, Scope } from '../../common/auth/scope';
import { isRevoked, isVisible } from './live-access';

const principal = (over: Partial<Principal> = {}): Principal => ({
  userId: 'u1',
  email: 'u1@x.test',
  name: 'U1',
  role: 'company_admin',
  companyId: 'c1',
  companyName: 'C1',
  permissions: [],
  via: 'jwt',
  sessionFamilyId: 'f1',
  ...over,
});
const companies = (...companyIds: string[]): Scope => ({ kind: 'companies', companyIds });

describe('live events access', () => {
  it('delivers company events in scope; grant-narrowed users only when listed', () => {
    const event = { type: 't', companyId: 'c1', payload: null };
    expect(isVisible(event, companies('c1'), 'u1')).toBe(true);
    expect(isVisible(event, companies('c2'), 'u1')).toBe(false);
    expect(isVisible({ ...event, companyId: null }, companies('c1'), 'u1')).toBe(false);
    expect(isVisible({ ...event, companyId: null }, { kind: 'all' }, 'u1')).toBe(true);
    const grants: Scope = { kind: 'vm_grants', companyIds: ['c1'], userId: 'u1' };
    expect(isVisible({ ...event, userIds: ['u2'] }, grants, 'u1')).toBe(false);
    expect(isVisible({ ...event, userIds: ['u1'] }, grants, 'u1')).toBe(true);
  });

  it('matches an access change to the user, session, key or company it names', () => {
    const p = principal();
    expect(isRevoked({ userId: 'u1' }, p, companies('c1'))).toBe(true);
    expect(isRevoked({ userId: 'u2' }, p, companies('c1'))).toBe(false);
    expect(isRevoked({ sessionFamilyId: 'f1' }, p, companies('c1'))).toBe(true);
    expect(isRevoked({ sessionFamilyId: 'f2' }, p, companies('c1'))).toBe(false);
    expect(isRevoked({ apiKeyId: 'k1' }, principal({ apiKeyId: 'k1' }), companies('c1'))).toBe(
      true,
    );
    expect(isRevoked({ apiKeyId: 'k1' }, p, companies('c1'))).toBe(false);
    expect(isRevoked({ companyId: 'c1' }, p, companies('c1', 'c2'))).toBe(true);
    expect(isRevoked({ companyId: 'c3' }, p, companies('c1', 'c2'))).toBe(false);
    // Staff who see every company are not thrown out when one company is suspended.
    expect(
      isRevoked({ companyId: 'c1' }, principal({ role: 'super_admin' }), { kind: 'all' }),
    ).toBe(false);
  });
});
