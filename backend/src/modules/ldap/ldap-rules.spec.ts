import { escapeFilterValue, normalizeDn, roleForGroups, userFilter } from './ldap-rules';

describe('LDAP rules', () => {
  it('escapes what would change a filter', () => {
    expect(escapeFilterValue('a*)(mail=*')).toBe('a\\2a\\29\\28mail=\\2a');
    expect(escapeFilterValue('back\\slash\0')).toBe('back\\5cslash\\00');
    expect(userFilter('(&(objectClass=inetOrgPerson)(mail={{email}}))', '*')).toBe(
      '(&(objectClass=inetOrgPerson)(mail=\\2a))',
    );
  });

  it('maps the first matching group, comparing DNs loosely', () => {
    const mappings = [
      { groupDn: 'cn=Admins, ou=groups,dc=example,dc=test', role: 'company_admin' as const },
      { groupDn: 'cn=staff,ou=groups,dc=example,dc=test', role: 'user' as const },
    ];
    expect(normalizeDn('CN=Admins , OU=Groups')).toBe('cn=admins,ou=groups');
    expect(roleForGroups(['cn=admins,ou=groups,dc=example,dc=test'], mappings)).toBe(
      'company_admin',
    );
    expect(
      roleForGroups(
        ['cn=staff,ou=groups,dc=example,dc=test', 'cn=admins,ou=groups,dc=example,dc=test'],
        mappings,
      ),
    ).toBe('company_admin');
    expect(roleForGroups(['cn=staff,ou=groups,dc=example,dc=test'], mappings)).toBe('user');
    expect(roleForGroups(['cn=other,dc=example,dc=test'], mappings)).toBeNull();
  });
});
