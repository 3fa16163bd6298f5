import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';

/** Debian's slapd, started on a loopback port with a throwaway mdb database (LDAP tests). */
export interface RunningSlapd {
  url: string;
  suffix: string;
  rootDn: string;
  rootPassword: string;
  /** Adds people and groups (groupOfNames) as the root DN. */
  addUser(uid: string, opts: { mail: string; name: string; password: string }): Promise<string>;
  addGroup(cn: string, memberDns: string[]): Promise<string>;
  close(): Promise<void>;
}

const SLAPD = '/usr/sbin/slapd';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

async function waitForBind(url: string, dn: string, password: string, child: ChildProcess) {
  const deadline = Date.now() + 30_000;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`slapd exited with ${child.exitCode}`);
    const client = new Client({ url, timeout: 2_000, connectTimeout: 2_000 });
    try {
      await client.bind(dn, password);
      return;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
  throw new Error(`slapd did not answer: ${String(last)}`);
}

export async function startSlapd(): Promise<RunningSlapd> {
  const dir = mkdtempSync(join(tmpdir(), 'mp-slapd-'));
  mkdirSync(join(dir, 'db'));
  const suffix = 'dc=example,dc=test';
  const rootDn = `cn=admin,${suffix}`;
  const rootPassword = 'slapd-root-secret';
  const schema = ['core', 'cosine', 'inetorgperson', 'nis'];
  writeFileSync(
    join(dir, 'slapd.conf'),
    [
      ...schema.map((s) => `include /etc/ldap/schema/${s}.schema`),
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      `pidfile ${join(dir, 'slapd.pid')}`,
      'database mdb',
      `suffix "${suffix}"`,
      `rootdn "${rootDn}"`,
      `rootpw ${rootPassword}`,
      `directory ${join(dir, 'db')}`,
      'maxsize 10485760',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const child = spawn(SLAPD, ['-f', join(dir, 'slapd.conf'), '-h', `${url}/`, '-d', '0'], {
    stdio: 'ignore',
  });
  await waitForBind(url, rootDn, rootPassword, child);

  const admin = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ url, timeout: 5_000 });
    try {
      await c.bind(rootDn, rootPassword);
      return await fn(c);
    } finally {
      await c.unbind().catch(() => undefined);
    }
  };
  await admin(async (c) => {
    await c.add(suffix, {
      objectClass: ['top', 'dcObject', 'organization'],
      dc: 'example',
      o: 'Example',
    });
    await c.add(`ou=people,${suffix}`, { objectClass: ['organizationalUnit'], ou: 'people' });
    await c.add(`ou=groups,${suffix}`, { objectClass: ['organizationalUnit'], ou: 'groups' });
  });

  return {
    url,
    suffix,
    rootDn,
    rootPassword,
    async addUser(uid, opts) {
      const dn = `uid=${uid},ou=people,${suffix}`;
      await admin((c) =>
        c.add(dn, {
          objectClass: ['inetOrgPerson'],
          uid,
          cn: opts.name,
          sn: opts.name.split(' ').pop() ?? opts.name,
          mail: opts.mail,
          userPassword: opts.password,
        }),
      );
      return dn;
    },
    async addGroup(cn, memberDns) {
      const dn = `cn=${cn},ou=groups,${suffix}`;
      await admin((c) => c.add(dn, { objectClass: ['groupOfNames'], cn, member: memberDns }));
      return dn;
    },
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
