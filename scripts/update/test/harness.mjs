// Helpers of the update-flow test: PM2 from npm, an installation under PM2, an API client and a load
// generator that counts every failed request.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const PM2_VERSION = '6';

/** PM2 from the npm registry, installed once into .multpanel/tools (not a project dependency). */
export function ensurePm2(root) {
  const prefix = path.join(root, '.multpanel', 'tools', `pm2-${PM2_VERSION}`);
  const bin = path.join(prefix, 'node_modules', '.bin', 'pm2');
  if (!fs.existsSync(bin)) {
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        `pm2@${PM2_VERSION}`,
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
      ],
      {
        stdio: 'inherit',
      },
    );
  }
  return bin;
}

export function writeEnvFile(file, values) {
  fs.writeFileSync(
    file,
    Object.entries(values)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );
}

export function secrets() {
  return {
    JWT_SECRET: randomBytes(36).toString('base64url'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
}

/** Runs a script to its end without blocking the event loop; { status, stdout, stderr }. */
export function runScript(cmd, args, { cwd, env, timeoutMs = 600_000 }) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

export function pm2(bin, env, args) {
  const res = spawnSync(bin, args, { env, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`pm2 ${args.join(' ')}: ${res.stderr || res.stdout}`);
  return res.stdout;
}

export async function waitHealthy(base, version, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/api/health`);
      const body = await res.json();
      if (res.status === 200 && (!version || body.version === version)) return body;
      last = `${res.status} ${body.version}`;
    } catch (err) {
      last = err.message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`not healthy at ${base} (${last})`);
}

export function client(base) {
  let token = null;
  const call = async (method, url, body, retried = false) => {
    let res;
    try {
      res = await send(method, url, body);
    } catch (err) {
      // A browser retries an idempotent request on a kept-alive connection the server closed.
      if (method !== 'GET' || retried) throw err;
      return call(method, url, body, true);
    }
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    return { status: res.status, data };
  };
  const send = (method, url, body) =>
    fetch(`${base}/api${url}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  return {
    get token() {
      return token;
    },
    async login(email, password) {
      const r = await call('POST', '/auth/login', { email, password });
      if (r.data?.status !== 'ok') throw new Error(`login failed: ${JSON.stringify(r.data)}`);
      token = r.data.accessToken;
    },
    get: (url) => call('GET', url),
    post: (url, body) => call('POST', url, body ?? {}),
  };
}

/** Polls a run until it ends; tolerates the API restarting under it. */
export async function waitRun(api, runId, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await api.get(`/system/updates/runs/${runId}`);
      if (r.status === 200 && r.data.run.status !== 'running') return r.data;
    } catch {
      // the API is restarting
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`run ${runId} did not finish`);
}

/**
 * Sends `rate` requests per second (each a GET of a company by id, with the admin's token) until stopped;
 * returns { sent, failed, failures }.
 */
export function startLoad(base, token, ids, rate = 50) {
  const stats = { sent: 0, ok: 0, failed: 0, failures: [], maxMs: 0 };
  const inflight = new Set();
  const fire = () => {
    const id = ids[stats.sent % ids.length];
    stats.sent += 1;
    const t0 = Date.now();
    const p = fetch(`${base}/api/companies/${id}`, {
      headers: { authorization: `Bearer ${token}` },
      // A request the server never answers counts as failed (generous: a 2-core CI host is slow).
      signal: AbortSignal.timeout(60_000),
    })
      .then(async (res) => {
        const body = await res.json().catch(() => null);
        stats.maxMs = Math.max(stats.maxMs, Date.now() - t0);
        if (res.status === 200 && body?.id === id) stats.ok += 1;
        else throw new Error(`HTTP ${res.status}`);
      })
      .catch((err) => {
        stats.failed += 1;
        if (stats.failures.length < 20)
          stats.failures.push(
            `${new Date().toISOString()} ${err.message} ${err.cause?.code ?? ''}`,
          );
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  };
  const timer = setInterval(fire, 1000 / rate);
  return {
    stats,
    async stop() {
      clearInterval(timer);
      await Promise.all([...inflight]);
      return stats;
    },
  };
}

/** Runs SQL on the test database with the mariadb client; returns rows of strings. */
export function sql(databaseUrl, statement) {
  const u = new URL(databaseUrl);
  const res = spawnSync(
    'mariadb',
    [
      `--host=${u.hostname}`,
      `--port=${u.port || 3306}`,
      `--user=${decodeURIComponent(u.username || 'root')}`,
      '--batch',
      '--skip-column-names',
      '-e',
      statement,
      u.pathname.slice(1),
    ],
    { env: { ...process.env, MYSQL_PWD: decodeURIComponent(u.password) }, encoding: 'utf8' },
  );
  if (res.status !== 0) throw new Error(res.stderr);
  return res.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
}

export const tableExists = (url, table) =>
  sql(
    url,
    `SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${table}'`,
  )[0][0] === '1';
