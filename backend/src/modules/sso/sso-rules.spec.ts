import { identityFromClaims, roleFromGroups, SsoRefusal, type ProviderRules } from './sso-rules';

const company: ProviderRules = {
  companyId: 'c1',
  tenantId: 'AAAA-1111',
  allowedDomains: ['acme.example'],
  groupRoleMap: { admins: 'company_admin', staff: 'super_admin', users: 'user' },
  defaultRole: null,
};
const platform: ProviderRules = {
  ...company,
  companyId: null,
  groupRoleMap: { ops: 'salesperson', root: 'super_admin', cust: 'company_admin' },
};

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as SsoRefusal).reason;
  }
  return null;
};

describe('SSO claim rules', () => {
  it('picks the strongest role the provider may grant', () => {
    expect(roleFromGroups(company, ['users', 'admins'])).toBe('company_admin');
    // A company directory never yields a staff role, even when mapped.
    expect(roleFromGroups(company, ['staff'])).toBeNull();
    expect(roleFromGroups(platform, ['ops', 'root'])).toBe('super_admin');
    expect(roleFromGroups(platform, ['cust'])).toBeNull();
    expect(roleFromGroups({ ...company, defaultRole: 'user' }, ['nope'])).toBe('user');
    expect(roleFromGroups({ ...company, defaultRole: 'super_admin' }, [])).toBeNull();
  });

  it('checks tenant (case-insensitively) and domain, and falls back to preferred_username', () => {
    const base = { tid: 'aaaa-1111', preferred_username: 'Priya@Acme.Example', groups: ['admins'] };
    expect(identityFromClaims(company, base)).toMatchObject({
      email: 'priya@acme.example',
      role: 'company_admin',
    });
    expect(refusal(() => identityFromClaims(company, { ...base, tid: 'bbbb' }))).toBe(
      'wrong_tenant',
    );
    expect(refusal(() => identityFromClaims(company, { ...base, email: 'x@evil.example' }))).toBe(
      'domain_not_allowed',
    );
    expect(refusal(() => identityFromClaims(company, { ...base, groups: [] }))).toBe('no_role');
    expect(refusal(() => identityFromClaims(company, { tid: 'aaaa-1111' }))).toBe('token_invalid');
  });
});
