import {
  Client,
  InvalidCredentialsError,
  SizeLimitExceededError,
  type ClientOptions,
} from 'ldapts';
import type { Role } from '@multpanel/contracts';
import { AppError } from '../../common/errors/app-error';
import {
  escapeFilterValue,
  mappingForGroups,
  userFilter,
  type LdapGroupMapping,
} from './ldap-rules';

/** One directory (the platform's or a company's), with the service account's password decrypted. */
export interface LdapDirectoryConfig {
  /** ldap://host:389 or ldaps://host:636. */
  url: string;
  /** Upgrade an ldap:// connection with StartTLS before any bind. */
  startTls: boolean;
  /** PEM of the CA that signed the directory's certificate (else the system's CAs). */
  caPem: string | null;
  bindDn: string;
  bindPassword: string;
  searchBase: string;
  /** Must contain {{email}}, e.g. (&(objectClass=inetOrgPerson)(mail={{email}})). */
  userFilterTemplate: string;
  groupMappings: LdapGroupMapping[];
  timeoutMs?: number;
}

/** Who the directory says signed in, and the role their groups map to (null: none mapped). */
export interface LdapIdentity {
  dn: string;
  email: string;
  name: string;
  groups: string[];
  role: Role | null;
  customRoleId: string | null;
}

const refused = () => new AppError('INVALID_CREDENTIALS', 'Invalid email or password');
const unavailable = (err: unknown) =>
  new AppError('DEPENDENCY_UNAVAILABLE', `The directory did not answer: ${(err as Error).message}`);

const first = (v: unknown): string | null => {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x : Buffer.isBuffer(x) ? x.toString('utf8') : null;
};

/**
 * Signs a person in against an LDAP / Active Directory server: binds as the service account,
 * finds exactly one entry for the e-mail address (escaped into the filter), reads the groups that
 * list it as a member, then binds as that entry with the given password. An empty password is
 * refused before any bind (LDAP treats it as an anonymous bind that "succeeds").
 */
export async function authenticateLdap(
  cfg: LdapDirectoryConfig,
  email: string,
  password: string,
): Promise<LdapIdentity> {
  const found = await checkLdapPassword(cfg, email, password);
  if (!found) throw refused();
  return found;
}

/**
 * As authenticateLdap, but tells "the directory has no (single) entry for this address" (null)
 * apart from a wrong password (INVALID_CREDENTIALS), so a local account can still sign in.
 */
export async function checkLdapPassword(
  cfg: LdapDirectoryConfig,
  email: string,
  password: string,
): Promise<LdapIdentity | null> {
  const found = await withClient(cfg, async (c) => {
    await bindService(c, cfg);
    return findUser(c, cfg, email);
  });
  if (!found) return null;
  if (!password) throw refused();
  await withClient(cfg, async (c) => {
    try {
      await c.bind(found.dn, password);
    } catch (err) {
      if (err instanceof InvalidCredentialsError) throw refused();
      throw err;
    }
  });
  return withMapping(found, cfg.groupMappings);
}

function withMapping(
  found: Omit<LdapIdentity, 'role' | 'customRoleId'>,
  mappings: readonly LdapGroupMapping[],
): LdapIdentity {
  const m = mappingForGroups(found.groups, mappings);
  return { ...found, role: m?.role ?? null, customRoleId: m?.customRoleId ?? null };
}

/**
 * The "test" button: the service account's bind and what a sample user would get (no user
 * password involved). null: no entry for that address.
 */
export async function previewLdapUser(
  cfg: LdapDirectoryConfig,
  email: string,
): Promise<LdapIdentity | null> {
  const found = await withClient(cfg, async (c) => {
    await bindService(c, cfg);
    return findUser(c, cfg, email);
  });
  return found ? withMapping(found, cfg.groupMappings) : null;
}

async function withClient<T>(cfg: LdapDirectoryConfig, fn: (c: Client) => Promise<T>): Promise<T> {
  const timeout = cfg.timeoutMs ?? 5_000;
  const tls = cfg.caPem ? { ca: [cfg.caPem] } : undefined;
  const opts: ClientOptions = {
    url: cfg.url,
    timeout,
    connectTimeout: timeout,
    ...(tls && cfg.url.startsWith('ldaps:') ? { tlsOptions: tls } : {}),
  };
  const client = new Client(opts);
  try {
    if (cfg.startTls) await client.startTLS(tls ?? {});
    return await fn(client);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unavailable(err);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

async function bindService(c: Client, cfg: LdapDirectoryConfig): Promise<void> {
  try {
    await c.bind(cfg.bindDn, cfg.bindPassword);
  } catch (err) {
    if (err instanceof InvalidCredentialsError) {
      throw new AppError('DEPENDENCY_UNAVAILABLE', 'The directory refused the service account');
    }
    throw err;
  }
}

async function findUser(
  c: Client,
  cfg: LdapDirectoryConfig,
  email: string,
): Promise<Omit<LdapIdentity, 'role' | 'customRoleId'> | null> {
  let searchEntries: Awaited<ReturnType<Client['search']>>['searchEntries'];
  try {
    ({ searchEntries } = await c.search(cfg.searchBase, {
      scope: 'sub',
      filter: userFilter(cfg.userFilterTemplate, email),
      attributes: ['mail', 'cn', 'displayName'],
      sizeLimit: 2,
    }));
  } catch (err) {
    if (err instanceof SizeLimitExceededError) return null;
    throw err;
  }
  // None, or an ambiguous address: nobody signs in as "one of them".
  if (searchEntries.length !== 1) return null;
  const entry = searchEntries[0];
  const { searchEntries: groups } = await c.search(cfg.searchBase, {
    scope: 'sub',
    filter: `(|(member=${escapeFilterValue(entry.dn)})(uniqueMember=${escapeFilterValue(entry.dn)}))`,
    attributes: ['cn'],
  });
  return {
    dn: entry.dn,
    email: first(entry.mail) ?? email,
    name: first(entry.displayName) ?? first(entry.cn) ?? email,
    groups: groups.map((g) => g.dn),
  };
}
