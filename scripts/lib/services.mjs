// Makes sure MariaDB/MySQL and Redis are reachable: use DATABASE_URL / REDIS_URL when set; otherwise local
// servers on the default ports, started when installed but stopped, installed from Debian/Ubuntu packages
// when we are root and they are missing. Explains what to do when none of that is possible.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './deps.mjs';
import { readLocalEnv, writeLocalEnv } from './local-env.mjs';
import { log, SetupError } from './log.mjs';
import { commandExists, isRoot, portOpen, run, tryRun, waitFor } from './proc.mjs';

const require = createRequire(path.join(ROOT, 'package.json'));
const DEFAULT_DB_BASE = 'mysql://root@127.0.0.1:3306';
const DEFAULT_REDIS = 'redis://127.0.0.1:6379';

let aptUpdated = false;
export function aptInstall(packages, why) {
  if (!isRoot() || !commandExists('apt-get')) {
    throw new SetupError(
      `${why}: ${packages.join(', ')} is not installed`,
      `Install it with: sudo apt-get install -y ${packages.join(' ')}`,
    );
  }
  log.step(`Installing ${packages.join(', ')} (${why})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq'], { env });
    aptUpdated = true;
  }
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env });
}

function startService(name, fallback) {
  // systemd when it runs, the SysV script otherwise (containers), then a direct daemon start.
  if (commandExists('systemctl') && tryRun('systemctl', ['is-system-running']) !== -1) {
    if (tryRun('systemctl', ['start', name]) === 0) return;
  }
  if (commandExists('service') && tryRun('service', [name, 'start']) === 0) return;
  fallback();
}

async function canLogin(url) {
  const mariadb = require('mariadb');
  const u = new URL(url);
  try {
    const conn = await mariadb.createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      connectTimeout: 3000,
    });
    await conn.end();
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err };
  }
}

/** Returns a server URL without a database name (mysql://user:pass@host:port). */
export async function ensureMariaDb(env) {
  if (env.DATABASE_URL) {
    const base = serverUrl(env.DATABASE_URL);
    const res = await canLogin(base);
    if (!res.ok) {
      throw new SetupError(
        `cannot connect to the database in DATABASE_URL: ${res.error.message}`,
        'Check DATABASE_URL (mysql://user:password@host:3306/multpanel) and that the server is running.',
      );
    }
    return base;
  }
  const local = readLocalEnv().LOCAL_DB_URL;
  if (!(await portOpen(3306))) {
    if (
      !commandExists('mariadbd') &&
      !commandExists('mysqld') &&
      !fs.existsSync('/usr/sbin/mariadbd')
    ) {
      aptInstall(['mariadb-server'], 'the platform database');
    }
    log.step('Starting MariaDB…');
    startService('mariadb', () => {
      fs.mkdirSync('/run/mysqld', { recursive: true });
      tryRun('chown', ['mysql:mysql', '/run/mysqld']);
      run('start-stop-daemon', [
        '--start',
        '--oknodo',
        '--background',
        '--exec',
        '/usr/sbin/mariadbd',
      ]);
    });
    await waitFor(() => portOpen(3306), { timeoutMs: 60000, what: 'MariaDB on port 3306' });
  }
  for (const candidate of [local, DEFAULT_DB_BASE].filter(Boolean)) {
    if ((await canLogin(candidate)).ok) return candidate;
  }
  // Fresh Debian/Ubuntu: root may log in only over the unix socket. Create our own TCP user through it.
  if (isRoot() && (commandExists('mariadb') || commandExists('mysql'))) {
    const password = crypto.randomBytes(18).toString('base64url');
    const sql = [
      `CREATE USER IF NOT EXISTS 'multpanel'@'127.0.0.1' IDENTIFIED BY '${password}'`,
      `ALTER USER 'multpanel'@'127.0.0.1' IDENTIFIED BY '${password}'`,
      `GRANT ALL PRIVILEGES ON *.* TO 'multpanel'@'127.0.0.1' WITH GRANT OPTION`,
    ].join('; ');
    run(commandExists('mariadb') ? 'mariadb' : 'mysql', ['-uroot', '-e', sql]);
    const url = `mysql://multpanel:${password}@127.0.0.1:3306`;
    if ((await canLogin(url)).ok) {
      writeLocalEnv({ LOCAL_DB_URL: url });
      log.ok('Created a local database user "multpanel" (saved in .multpanel/local.env)');
      return url;
    }
  }
  throw new SetupError(
    'MariaDB is running on 127.0.0.1:3306 but refuses our login',
    'Set DATABASE_URL=mysql://user:password@127.0.0.1:3306/multpanel for a user that may create databases.',
  );
}

export async function ensureRedis(env) {
  const url = env.REDIS_URL || DEFAULT_REDIS;
  const u = new URL(url);
  const port = Number(u.port || 6379);
  if (await portOpen(port, u.hostname)) return url;
  if (env.REDIS_URL) {
    throw new SetupError(
      `cannot reach Redis at ${url}`,
      'Check REDIS_URL and that Redis is running.',
    );
  }
  if (!commandExists('redis-server')) aptInstall(['redis-server'], 'the job queue and cache');
  log.step('Starting Redis…');
  startService('redis-server', () => {
    run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(port)]);
  });
  await waitFor(() => portOpen(port), { timeoutMs: 30000, what: `Redis on port ${port}` });
  return url;
}

/** mysql://u:p@h:port/db → mysql://u:p@h:port */
export function serverUrl(url) {
  const u = new URL(url);
  u.pathname = '';
  u.search = '';
  return u.toString().replace(/\/$/, '');
}

export function withDatabase(base, name) {
  return `${base}/${name}`;
}

export async function dropDatabase(base, name) {
  const mariadb = require('mariadb');
  const u = new URL(base);
  const conn = await mariadb.createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await conn.end();
  }
}

/** Deletes the keys a test's API and worker wrote under their own Redis prefix (`<prefix>:…`). */
export async function clearRedisPrefix(url, prefix) {
  const Redis = require('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
