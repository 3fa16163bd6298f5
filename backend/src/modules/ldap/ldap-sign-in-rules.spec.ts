import { ldapOutcome, routeFor } from './ldap-sign-in-rules';

describe('LDAP sign-in rules', () => {
  const acme = { id: 'a', companyId: 'acme', enabled: true, allowedDomains: ['acme.test'] };
  const staff = { id: 's', companyId: null, enabled: true, allowedDomains: ['msp.test'] };
  const off = { id: 'o', companyId: 'globex', enabled: false, allowedDomains: ['globex.test'] };
  const dirs = [acme, staff, off];

  it('routes an address by its domain, only for accounts of the directory’s company or new ones', () => {
    expect(routeFor(dirs, 'ada@ACME.test', null)).toBe(acme);
    expect(routeFor(dirs, 'ada@acme.test', { companyId: 'acme' })).toBe(acme);
    expect(routeFor(dirs, 'ada@acme.test', { companyId: 'globex' })).toBeNull();
    expect(routeFor(dirs, 'ada@acme.test', { companyId: null })).toBeNull();
    expect(routeFor(dirs, 'op@msp.test', { companyId: null })).toBe(staff);
    expect(routeFor(dirs, 'op@msp.test', { companyId: 'acme' })).toBeNull();
    expect(routeFor(dirs, 'x@globex.test', null)).toBeNull();
    expect(routeFor(dirs, 'x@sub.acme.test', null)).toBeNull();
  });

  it('decides what an entry gets', () => {
    const jit = { companyId: 'acme', jitProvisioning: true };
    const noJit = { companyId: 'acme', jitProvisioning: false };
    expect(ldapOutcome(jit, null, null)).toBe('no_role');
    // A company's directory never makes staff.
    expect(ldapOutcome(jit, 'super_admin', null)).toBe('no_role');
    expect(ldapOutcome({ companyId: null, jitProvisioning: true }, 'user', null)).toBe('no_role');
    expect(ldapOutcome(jit, 'user', null)).toBe('create');
    expect(ldapOutcome(noJit, 'user', null)).toBe('not_provisioned');
    expect(ldapOutcome(jit, 'user', { companyId: 'globex', status: 'active' })).toBe(
      'other_company',
    );
    expect(ldapOutcome(jit, 'user', { companyId: 'acme', status: 'disabled' })).toBe('disabled');
    expect(ldapOutcome(jit, 'company_admin', { companyId: 'acme', status: 'invited' })).toBe(
      'sign_in',
    );
  });
});
