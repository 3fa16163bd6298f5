// The scale-out test's installation: the embedded simulator, one MariaDB database, one Redis prefix, two API
// processes and two workers (the built backend, as PM2 runs it) behind Debian's Nginx with the project's site
// (rendered with both API processes as upstreams). Everything lives under one temporary folder and is
// removed by stop().
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../lib/deps.mjs';
import { renderTlsSnippet, writeSite } from '../lib/nginx-site.mjs';
import { backendCli, startSimulator } from '../lib/platform.mjs';
import { freePort, portOpen, startChild, stopChildren, waitForChildren } from '../lib/proc.mjs';
import { clearRedisPrefix, dropDatabase, withDatabase } from '../lib/services.mjs';

export const DEMO_PASSWORD = 'scale-out-demo';
const SIM_PASSWORD = 'scale-out-sim';

/**
 * One HTTP(S) request; JSON in and out. `ca` trusts the test's own certificate; `insecure` accepts any
 * (the simulator's own certificate, for its /_sim test knobs).
 */
export function request(url, { method = 'GET', token, body, headers = {}, ca, insecure } = {}) {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = lib.request(
      u,
      {
        method,
        ca,
        ...(insecure ? { rejectUnauthorized: false } : {}),
        agent: false,
        timeout: 20_000,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let data = text;
          try {
            data = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode, headers: res.headers, body: data });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer in 20 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export async function until(what, check, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A child whose every output line is kept (the ping count reads the workers' logs). */
function startLogged(name, script, env) {
  const child = startChild(name, process.execPath, [path.join(ROOT, script)], {
    cwd: ROOT,
    env,
    silent: !process.env.SCALE_OUT_VERBOSE,
  });
  child.lines = [];
  let buf = '';
  child.stdout.on('data', (chunk) => {
    buf += chunk.toString();
    const lines = buf.split('\n');
    buf = lines.pop();
    child.lines.push(...lines);
  });
  return child;
}

/** Debian's nginx in the foreground under a private prefix, serving the rendered project site. */
function nginxFiles(dir, { upstreams, httpPort, httpsPort }) {
  fs.chmodSync(dir, 0o755); // worker processes run as nobody
  for (const d of ['tmp', 'logs', 'tls', 'acme', 'www']) fs.mkdirSync(path.join(dir, d));
  const tlsDir = path.join(dir, 'tls');
  const certFile = path.join(tlsDir, 'multpanel.crt');
  const keyFile = path.join(tlsDir, 'multpanel.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  fs.writeFileSync(
    path.join(tlsDir, 'nginx-tls.conf'),
    renderTlsSnippet({ certFile, keyFile, hsts: false }),
  );
  const frontend = path.join(ROOT, 'frontend', 'dist');
  const www = fs.existsSync(path.join(frontend, 'index.html')) ? frontend : path.join(dir, 'www');
  if (www !== frontend) fs.writeFileSync(path.join(www, 'index.html'), '<!doctype html>\n');
  const site = path.join(dir, 'site.conf');
  writeSite(site, {
    frontendDist: www,
    upstreams,
    httpPort,
    httpsPort,
    tlsDir,
    acmeWebroot: path.join(dir, 'acme'),
    ipv6: false,
  });
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    [
      'worker_processes 1;',
      'daemon off;',
      `pid ${path.join(dir, 'nginx.pid')};`,
      `error_log ${path.join(dir, 'logs/error.log')};`,
      'events { worker_connections 512; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      `  access_log ${path.join(dir, 'logs/access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (t) => `  ${t}_temp_path ${path.join(dir, 'tmp', t)};`,
      ),
      `  include ${site};`,
      '}',
      '',
    ].join('\n'),
  );
  return { conf, site, ca: fs.readFileSync(certFile, 'utf8') };
}

/**
 * Starts everything; returns ports, URLs and handles. `env` is `npm test`'s (TEST_DATABASE_URL, REDIS_URL).
 * The processes run as in production (NODE_ENV=production, own secrets) with demo data and the demo cluster.
 */
export async function startInstallation(baseEnv = process.env) {
  const dbBase = baseEnv.TEST_DATABASE_URL;
  const redisUrl = baseEnv.REDIS_URL || 'redis://127.0.0.1:6379';
  if (!dbBase) throw new Error('TEST_DATABASE_URL is not set (run through `npm test`)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-scale-out-'));
  const [simPort, apiA, apiB, httpPort, httpsPort] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  const dbName = `mp_scale_${Date.now().toString(36)}`;
  const prefix = `mp-scale-${process.pid}`;
  const children = [];
  const t0 = Date.now();
  const step = (what) =>
    process.stdout.write(`# scale-out: ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  const inst = {
    step,
    dir,
    dbName,
    prefix,
    redisUrl,
    simUrl: `https://127.0.0.1:${simPort}`,
    api: [`http://127.0.0.1:${apiA}`, `http://127.0.0.1:${apiB}`],
    nginxUrl: `https://127.0.0.1:${httpsPort}`,
    apis: [],
    workers: [],
    nginx: null,
    nginxTest: '',
    ca: null,
    env: null,
    async stop() {
      await stopChildren(children);
      await dropDatabase(dbBase, dbName).catch(() => undefined);
      await clearRedisPrefix(redisUrl, prefix).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    children.push(
      await startSimulator({
        port: simPort,
        password: SIM_PASSWORD,
        silent: true,
        extraArgs: ['--quiet', '--nodes', '3', '--guests', '30'],
      }),
    );
    const env = {
      ...baseEnv,
      NODE_ENV: 'production',
      DATABASE_URL: withDatabase(dbBase, dbName),
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      JWT_SECRET: randomBytes(36).toString('base64url'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DEMO_MODE: 'true',
      DEMO_PASSWORD,
      SIM_URL: inst.simUrl,
      SIM_PASSWORD,
      PUBLIC_URL: inst.nginxUrl,
      LOG_LEVEL: 'info',
      // One test client sends hundreds of requests from one address within seconds.
      RATE_LIMIT_IP_PER_SEC: '5000',
      RATE_LIMIT_IP_BURST: '50000',
      RATE_LIMIT_PRINCIPAL_PER_SEC: '5000',
      RATE_LIMIT_PRINCIPAL_BURST: '50000',
      RATE_LIMIT_LIVE_PER_SEC: '1000',
      RATE_LIMIT_LIVE_BURST: '10000',
      // A killed worker's jobs are taken over within 8-16 s instead of 30-60 s.
      JOB_LOCK_SECONDS: '8',
      TLS_DIR: path.join(dir, 'tls'),
      ACME_WEBROOT: path.join(dir, 'acme'),
    };
    for (const k of ['TEST_DATABASE_URL', 'PORT']) delete env[k];
    inst.env = env;
    step('simulator up');
    backendCli(['migrate'], env);
    backendCli(['seed'], env);
    step('database migrated and seeded');

    inst.workers = [0, 1].map((i) => startLogged(`worker-${i + 1}`, 'backend/dist/worker.js', env));
    inst.apis = [apiA, apiB].map((port, i) =>
      startLogged(`api-${'AB'[i]}`, 'backend/dist/main.js', { ...env, PORT: String(port) }),
    );
    children.push(...inst.workers, ...inst.apis);

    const nginx = nginxFiles(dir, {
      upstreams: [`127.0.0.1:${apiA}`, `127.0.0.1:${apiB}`],
      httpPort,
      httpsPort,
    });
    inst.ca = nginx.ca;
    const t = spawnSync('nginx', ['-p', dir, '-c', nginx.conf, '-t'], { encoding: 'utf8' });
    inst.nginxTest = t.stderr;
    if (t.status !== 0) throw new Error(`nginx -t failed:\n${t.stderr}`);
    inst.nginx = startChild('nginx', 'nginx', ['-p', dir, '-c', nginx.conf], { silent: true });
    children.push(inst.nginx);

    // Both API processes healthy, each seeing both workers' heartbeats.
    await waitForChildren(
      [...inst.workers, ...inst.apis, inst.nginx],
      async () => {
        if (!(await portOpen(httpsPort))) return false;
        const answers = await Promise.all(
          inst.api.map((base) => request(`${base}/api/health`).catch(() => null)),
        );
        return answers.every((r) => r?.status === 200 && r.body.checks.worker.alive === 2);
      },
      { timeoutMs: 120_000, intervalMs: 500, what: 'two healthy API processes and two workers' },
    );
    step('2 API processes, 2 workers and nginx up');
  } catch (err) {
    await inst.stop();
    throw err;
  }
  return inst;
}
