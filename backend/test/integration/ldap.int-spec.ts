import { AppError } from '../../src/common/errors/app-error';
import {
  authenticateLdap,
  previewLdapUser,
  type LdapDirectoryConfig,
} from '../../src/modules/ldap/ldap-directory';
import { startSlapd, type RunningSlapd } from '../helpers/slapd';

// Issue 25, LDAP sign-in: the directory client against a real peer (Debian's slapd on a loopback
// port with a throwaway database): service bind, search by e-mail, groups, user bind, mapping.
describe('LDAP directory (slapd)', () => {
  let slapd: RunningSlapd;
  let cfg: LdapDirectoryConfig;
  let adaDn: string;
  let adminsDn: string;

  beforeAll(async () => {
    slapd = await startSlapd();
    adaDn = await slapd.addUser('ada', {
      mail: 'ada@acme.test',
      name: 'Ada Lovelace',
      password: 'ada-password',
    });
    const bob = await slapd.addUser('bob', {
      mail: 'bob@acme.test',
      name: 'Bob Builder',
      password: 'bob-password',
    });
    await slapd.addUser('eve1', { mail: 'twin@acme.test', name: 'Eve One', password: 'x1' });
    await slapd.addUser('eve2', { mail: 'twin@acme.test', name: 'Eve Two', password: 'x2' });
    adminsDn = await slapd.addGroup('admins', [adaDn]);
    const staff = await slapd.addGroup('staff', [adaDn, bob]);
    cfg = {
      url: slapd.url,
      startTls: false,
      caPem: null,
      bindDn: slapd.rootDn,
      bindPassword: slapd.rootPassword,
      searchBase: slapd.suffix,
      userFilterTemplate: '(&(objectClass=inetOrgPerson)(mail={{email}}))',
      groupMappings: [
        { groupDn: adminsDn, role: 'company_admin' },
        { groupDn: staff, role: 'user' },
      ],
    };
  }, 60_000);
  afterAll(() => slapd?.close());

  const code = async (p: Promise<unknown>) => {
    try {
      await p;
      return 'ok';
    } catch (err) {
      return err instanceof AppError ? err.code : String(err);
    }
  };

  it('signs in with the right password and maps the first matching group', async () => {
    const ada = await authenticateLdap(cfg, 'ada@acme.test', 'ada-password');
    expect(ada).toMatchObject({ dn: adaDn, email: 'ada@acme.test', name: 'Ada Lovelace' });
    expect(ada.groups.map((g) => g.toLowerCase())).toContain(adminsDn.toLowerCase());
    expect(ada.role).toBe('company_admin');
    const bob = await authenticateLdap(cfg, 'bob@acme.test', 'bob-password');
    expect(bob.role).toBe('user');
    // Not in a mapped group: the directory knows them, the platform gives them nothing.
    const none = await authenticateLdap(
      { ...cfg, groupMappings: [] },
      'bob@acme.test',
      'bob-password',
    );
    expect(none.role).toBeNull();
  });

  it('refuses a wrong or empty password, an unknown or ambiguous address, and filter injection', async () => {
    expect(await code(authenticateLdap(cfg, 'ada@acme.test', 'wrong'))).toBe('INVALID_CREDENTIALS');
    // An empty password would be an anonymous bind, which LDAP servers accept.
    expect(await code(authenticateLdap(cfg, 'ada@acme.test', ''))).toBe('INVALID_CREDENTIALS');
    expect(await code(authenticateLdap(cfg, 'nobody@acme.test', 'x'))).toBe('INVALID_CREDENTIALS');
    expect(await code(authenticateLdap(cfg, 'twin@acme.test', 'x1'))).toBe('INVALID_CREDENTIALS');
    expect(await code(authenticateLdap(cfg, '*', 'ada-password'))).toBe('INVALID_CREDENTIALS');
    expect(await code(authenticateLdap(cfg, 'ada@acme.test)(mail=*', 'ada-password'))).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('previews what a sample user would get, and reports a directory that does not answer', async () => {
    expect(await previewLdapUser(cfg, 'ada@acme.test')).toMatchObject({ role: 'company_admin' });
    expect(await previewLdapUser(cfg, 'nobody@acme.test')).toBeNull();
    expect(await code(previewLdapUser({ ...cfg, bindPassword: 'wrong' }, 'ada@acme.test'))).toBe(
      'DEPENDENCY_UNAVAILABLE',
    );
    expect(
      await code(previewLdapUser({ ...cfg, url: 'ldap://127.0.0.1:1', timeoutMs: 1_000 }, 'a@b.c')),
    ).toBe('DEPENDENCY_UNAVAILABLE');
  });
});
