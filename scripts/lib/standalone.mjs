// The "standalone" suite of `npm test`: proves a clone works with nothing beside it. It copies the tracked
// files to an empty temporary folder (no ../shared), runs `npm start` from there and checks the platform and
// its simulator answer, that nothing tracked changed, that the lockfile is complete (npm would not rewrite it
// on a fresh machine) and that a failing start step shows the failing process's own error.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { buildAll } from './build.mjs';
import { ROOT } from './deps.mjs';
import { log } from './log.mjs';
import { freePort, startChild, stopChildren, waitForChildren } from './proc.mjs';

const WORKSPACES = ['contracts', 'simulator', 'backend', 'frontend', 'client'];
// Build output the copy reuses (rebuilding four packages would take minutes on two cores); copied with their
// timestamps so the copy's own build step finds them up to date.
const BUILT = [
  'contracts/dist',
  'simulator/dist',
  'backend/dist',
  'backend/src/generated',
  'frontend/dist',
];

function git(args, cwd) {
  const res = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`git ${args.join(' ')}: ${res.stderr || res.error}`);
  return res.stdout;
}

function copyPreserving(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
}

function syncDirTimes(copyRoot, rel = '') {
  const dir = path.join(copyRoot, rel);
  for (const e of fs.readdirSync(dir, { withFileTypes: true }))
    if (e.isDirectory()) syncDirTimes(copyRoot, path.join(rel, e.name));
  const orig = path.join(ROOT, rel);
  if (fs.existsSync(orig)) {
    const st = fs.statSync(orig);
    fs.utimesSync(dir, st.atime, st.mtime);
  }
}

/** node_modules of the copy: links to this checkout's packages, but its own workspace packages. */
function linkNodeModules(src, dst, copyRoot) {
  fs.mkdirSync(dst, { recursive: true });
  for (const entry of fs.readdirSync(src)) {
    if (entry === '@multpanel') {
      fs.mkdirSync(path.join(dst, entry));
      for (const ws of fs.readdirSync(path.join(src, entry)))
        fs.symlinkSync(path.join(copyRoot, ws), path.join(dst, entry, ws));
    } else if (entry === '.package-lock.json') {
      // a real file, newer than the lockfile: the copy's `npm start` must not run npm on linked packages
      fs.copyFileSync(path.join(src, entry), path.join(dst, entry));
    } else fs.symlinkSync(path.join(src, entry), path.join(dst, entry));
  }
}

/** Copies the tracked files (as they are on disk) plus build output; returns the copy's root. */
function makeCopy(base) {
  const root = path.join(base, 'multpanel');
  const files = git(['ls-files', '-z'], ROOT).split('\0').filter(Boolean);
  for (const f of files)
    if (fs.existsSync(path.join(ROOT, f))) copyPreserving(path.join(ROOT, f), path.join(root, f));
  for (const d of BUILT)
    if (fs.existsSync(path.join(ROOT, d))) copyPreserving(path.join(ROOT, d), path.join(root, d));
  // The build step compares directory times too: give the copy's folders their originals' times.
  syncDirTimes(root);
  linkNodeModules(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), root);
  for (const ws of WORKSPACES) {
    const nm = path.join(ROOT, ws, 'node_modules');
    if (fs.existsSync(nm)) linkNodeModules(nm, path.join(root, ws, 'node_modules'), root);
  }
  // A repository of its own, so `git status` can say whether starting changed anything tracked.
  git(['init', '-q'], root);
  git(['add', '-A'], root);
  git(
    [
      '-c',
      'user.name=standalone',
      '-c',
      'user.email=standalone@localhost',
      'commit',
      '-q',
      '--no-verify',
      '-m',
      'copy',
    ],
    root,
  );
  return { root, files: files.length };
}

function httpsJson(url, { method = 'GET', body, headers = {}, ca }) {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca, timeout: 10000 }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode, body: JSON.parse(text) });
        } catch {
          resolve({ status: res.statusCode, body: text });
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer within 10 s`)));
    req.on('error', reject);
    if (body) req.end(body);
    else req.end();
  });
}

/** The simulator started by the copy answers a real API call, over TLS with its own certificate. */
async function checkSimulator(copyRoot, simPort, password) {
  const state = JSON.parse(
    fs.readFileSync(path.join(copyRoot, '.multpanel', 'simulator-state.json'), 'utf8'),
  );
  const ca = state.certs[0].cert;
  const base = `https://127.0.0.1:${simPort}/api2/json`;
  const login = await httpsJson(`${base}/access/ticket`, {
    method: 'POST',
    ca,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'root@pam', password }).toString(),
  });
  if (login.status !== 200) throw new Error(`simulator login: HTTP ${login.status}`);
  const cookie = `PVEAuthCookie=${encodeURIComponent(login.body.data.ticket)}`;
  const res = await httpsJson(`${base}/cluster/resources?type=vm`, { ca, headers: { cookie } });
  const vmids = (res.body.data ?? []).map((g) => g.vmid);
  if (res.status !== 200 || !vmids.includes(9000))
    throw new Error(`simulator /cluster/resources: HTTP ${res.status}, ${vmids.length} guests`);
  // The parameter check needs the schema: an undeclared parameter must be refused like PVE does.
  const bad = await httpsJson(`${base}/cluster/resources?bogus=1`, { ca, headers: { cookie } });
  if (bad.status !== 400)
    throw new Error(`simulator accepted an undeclared parameter (HTTP ${bad.status})`);
  return vmids.length;
}

/** Runs `npm start` (scripts/start.mjs) in the copy and checks what it serves. */
async function startCopy(ctx, copyRoot, record) {
  const { clearRedisPrefix, dropDatabase, withDatabase } = await import('./services.mjs');
  const [port, simPort, opnSimPort] = [await freePort(), await freePort(), await freePort()];
  const dbName = `mp_standalone_${Date.now().toString(36)}`;
  const env = {
    ...ctx.env,
    NODE_ENV: 'development',
    PORT: String(port),
    SIM_PORT: String(simPort),
    OPN_SIM_PORT: String(opnSimPort),
    SIM_PASSWORD: 'standalone-sim',
    DATABASE_URL: withDatabase(ctx.dbBase, dbName),
    REDIS_PREFIX: `mp-standalone-${process.pid}`,
  };
  delete env.PVE_API_DIR;
  const started = Date.now();
  const child = startChild(
    'npm start (copy)',
    process.execPath,
    [path.join(copyRoot, 'scripts/start.mjs')],
    {
      cwd: copyRoot,
      env,
      silent: true,
      detached: true, // its own process group, so nothing it started can outlive a failed check
    },
  );
  try {
    let health;
    await waitForChildren(
      [child],
      async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/health`);
          health = { status: res.status, body: await res.json() };
          return res.status === 200;
        } catch {
          return false;
        }
      },
      { timeoutMs: 150000, intervalMs: 500, what: '`npm start` in the copy to serve /api/health' },
    );
    record(
      `npm start in the copy serves /api/health (${health.body.status ?? 'ok'}) after ${((Date.now() - started) / 1000).toFixed(0)} s`,
      true,
    );
    const guests = await checkSimulator(copyRoot, simPort, env.SIM_PASSWORD);
    record(`its simulator answers (${guests} guests, schema-checked parameters)`, true);
  } catch (err) {
    record(`npm start in the copy: ${err.message}${err.hint ? `\n  ${err.hint}` : ''}`, false);
  } finally {
    // Ctrl+C: start.mjs stops what it started; then nothing of its process group may be left.
    const stopping = Date.now();
    await stopChildren([child], 20000);
    const stopSecs = ((Date.now() - stopping) / 1000).toFixed(1);
    const left = await leftoverProcesses(child.pid);
    if (left.length) process.kill(-child.pid, 'SIGKILL');
    record(
      left.length
        ? `after \`npm start\` stopped (${stopSecs} s) these were left running:\n    ${left.join('\n    ')}`
        : `stopping \`npm start\` stops the simulator, worker and API (${stopSecs} s)`,
      !left.length,
    );
    await dropDatabase(ctx.dbBase, dbName).catch(() => undefined);
    await clearRedisPrefix(env.REDIS_URL, env.REDIS_PREFIX).catch((e) =>
      log.warn(`could not remove the copy's Redis keys (${env.REDIS_PREFIX}*): ${e.message}`),
    );
  }
}

/** Live members of a process group, waiting a little for ones that are just exiting. */
async function leftoverProcesses(pgid) {
  for (let i = 0; i < 20; i++) {
    const ps = spawnSync('ps', ['-e', '-o', 'pgid=,pid=,stat=,args='], { encoding: 'utf8' });
    const live = ps.stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([group, , stat]) => Number(group) === pgid && stat && !stat.startsWith('Z'))
      .map(([, pid, , ...args]) => `${pid} ${args.join(' ')}`);
    if (!live.length) return [];
    if (i === 19) return live;
    await new Promise((r) => setTimeout(r, 250));
  }
  return [];
}

/** A start step that fails shows the failing process's own message, not a bare time-out. */
async function checkStartFailuresReported(copyRoot, record) {
  const platform = await import(path.join(copyRoot, 'scripts/lib/platform.mjs'));
  const expectFailure = async (what, start, ownError) => {
    try {
      const children = await start();
      await stopChildren([children].flat());
      record(`a failing ${what} start is reported`, false);
    } catch (err) {
      const ok = /exited with code 1/.test(err.message) && ownError.test(err.hint ?? '');
      record(
        `a failing ${what} start is reported with its own error` +
          (ok ? '' : `: got "${err.message}" / "${err.hint}"`),
        ok,
      );
    }
  };
  const [simPort, apiPort] = [await freePort(), await freePort()];
  await Promise.all([
    expectFailure(
      'simulator',
      () =>
        platform.startSimulator({
          port: simPort,
          password: 'x',
          silent: true,
          extraArgs: ['--nodes', '0'],
        }),
      /--nodes must be a number >= 1/,
    ),
    // production without its secrets: the API and worker refuse to start and say which keys are missing
    expectFailure(
      'API',
      () =>
        platform.startServices({
          env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(apiPort) },
          port: apiPort,
          silent: true,
        }),
      /Invalid configuration:[\s\S]*JWT_SECRET/,
    ),
  ]);
}

/**
 * npm on a fresh machine resolves the whole tree; with a lockfile that lacks another platform's optional
 * binaries it adds them and rewrites package-lock.json. Resolve the lockfile alone and compare.
 */
function checkLockfileComplete(base, record) {
  const dir = path.join(base, 'lockfile');
  for (const f of [
    'package.json',
    'package-lock.json',
    ...WORKSPACES.map((w) => `${w}/package.json`),
  ])
    copyPreserving(path.join(ROOT, f), path.join(dir, f));
  const res = spawnSync(
    'npm',
    [
      'install',
      '--package-lock-only',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
    ],
    { cwd: dir, encoding: 'utf8', timeout: 120000 },
  );
  if (res.status !== 0) {
    log.warn(
      `lockfile check skipped: npm cannot resolve packages here (${(res.stderr || String(res.error)).trim().split('\n')[0]})`,
    );
    return 'skipped';
  }
  const before = fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8');
  const after = fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
  const added = after.split('\n').length - before.split('\n').length;
  record(
    before === after
      ? 'package-lock.json is complete: npm on a fresh machine leaves it as committed'
      : `npm would rewrite package-lock.json on a fresh machine (${added >= 0 ? '+' : ''}${added} lines); regenerate it with \`npm install --package-lock-only\` in a checkout without node_modules`,
    before === after,
  );
}

export async function standaloneCheck(ctx) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const record = (what, ok) => {
    counts[ok ? 'passed' : 'failed']++;
    (ok ? log.ok : log.fail)(what);
  };
  if (spawnSync('git', ['rev-parse', '--git-dir'], { cwd: ROOT }).status !== 0) {
    log.warn('standalone check skipped: this is not a git checkout (it copies the tracked files)');
    return { passed: 0, failed: 0, skipped: 1 };
  }
  // The copy reuses this checkout's build output; make sure it is current.
  buildAll();
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'multpanel-standalone-'));
  try {
    const t0 = Date.now();
    const { root, files } = makeCopy(base);
    log.step(
      `Copied ${files} tracked files to ${root} (nothing beside it) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    if (checkLockfileComplete(base, record) === 'skipped') counts.skipped++;
    await checkStartFailuresReported(root, record);
    await startCopy(ctx, root, record);
    const status = git(['status', '--porcelain', '--untracked-files=all'], root).trim();
    record(
      status
        ? `starting changed files git tracks or does not ignore:\n${status}`
        : 'git status is clean after `npm start`',
      !status,
    );
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
  return counts;
}
