// Database backup and restore with the MariaDB/MySQL command-line tools (never the app's own client,
// which the update replaces): a consistent dump, and a restore into a clean schema so that tables a
// failed migration created do not survive.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export function parseDbUrl(url) {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[\w$-]+$/.test(database))
    throw new Error(`bad database name in DATABASE_URL: "${database}"`);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port || '3306',
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password || ''),
    database,
  };
}

const which = (...names) =>
  names.find((n) => spawnSync('sh', ['-c', `command -v ${n}`], { stdio: 'ignore' }).status === 0);

function clientArgs(db) {
  return [`--host=${db.host}`, `--port=${db.port}`, `--user=${db.user}`];
}
const clientEnv = (db) => ({ ...process.env, MYSQL_PWD: db.password });

/** Runs SQL with the command-line client; returns tab-separated rows. */
export function sql(url, statement, { database = true } = {}) {
  const db = parseDbUrl(url);
  const client = which('mariadb', 'mysql');
  if (!client) throw new Error('the mariadb (or mysql) client is not installed');
  const args = [...clientArgs(db), '--batch', '--skip-column-names', '-e', statement];
  if (database) args.push(db.database);
  const res = spawnSync(client, args, { env: clientEnv(db), encoding: 'utf8', timeout: 60_000 });
  if (res.status !== 0) throw new Error((res.stderr || res.error?.message || 'SQL failed').trim());
  return res.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
}

export const serverVersion = (url) =>
  sql(url, 'SELECT VERSION()', { database: false })[0]?.[0] ?? null;

/** Names of applied (finished, not rolled back) migrations; [] before the first migration. */
export function appliedMigrations(url) {
  const db = parseDbUrl(url);
  const exists = sql(
    url,
    `SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA='${db.database}' AND TABLE_NAME='_prisma_migrations'`,
    { database: false },
  );
  if (exists[0]?.[0] === '0') return [];
  return sql(
    url,
    'SELECT migration_name FROM `_prisma_migrations` WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL ORDER BY migration_name',
  ).map((r) => r[0]);
}

/** Dumps the database to a gzip file; checks the dump completed. Returns its size in bytes. */
export async function dumpTo(url, file) {
  const db = parseDbUrl(url);
  const tool = which('mariadb-dump', 'mysqldump');
  if (!tool) throw new Error('mariadb-dump (or mysqldump) is not installed');
  const tmp = `${file}.partial`;
  const child = spawn(
    tool,
    [
      ...clientArgs(db),
      '--single-transaction',
      '--routines',
      '--triggers',
      '--events',
      '--hex-blob',
      db.database,
    ],
    { env: clientEnv(db), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('close', resolve));
  await pipeline(child.stdout, zlib.createGzip(), fs.createWriteStream(tmp, { mode: 0o600 }));
  const code = await exited;
  if (code !== 0) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`database dump failed: ${stderr.trim() || `exit ${code}`}`);
  }
  const tail = zlib.gunzipSync(fs.readFileSync(tmp)).subarray(-200).toString();
  if (!/Dump completed/.test(tail)) throw new Error('database dump is incomplete');
  fs.renameSync(tmp, file);
  return fs.statSync(file).size;
}

/** Drops and recreates the database, then loads the dump into it. */
export async function restoreClean(url, file) {
  if (!fs.existsSync(file)) throw new Error(`backup not found: ${file}`);
  const db = parseDbUrl(url);
  sql(
    url,
    `DROP DATABASE IF EXISTS \`${db.database}\`; CREATE DATABASE \`${db.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    { database: false },
  );
  const client = which('mariadb', 'mysql');
  const child = spawn(client, [...clientArgs(db), db.database], {
    env: clientEnv(db),
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('close', resolve));
  await pipeline(fs.createReadStream(file), zlib.createGunzip(), child.stdin);
  const code = await exited;
  if (code !== 0) throw new Error(`database restore failed: ${stderr.trim() || `exit ${code}`}`);
}
