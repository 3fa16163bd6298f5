#!/usr/bin/env node
// `npm test`: sets up what the suites need (deps, MariaDB, Redis, Chromium, QEMU, OpenSSH), then runs every
// suite and ends with one line "N passed, N failed". Options: --only a,b  --skip a,b  --list
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAll } from './lib/build.mjs';
import { checkNode, ensureDependencies, ROOT } from './lib/deps.mjs';
import { log } from './lib/log.mjs';
import { backendCli, startServices, startSimulator, waitForDemoEstate } from './lib/platform.mjs';
import { commandExists, freePort, isRoot, stopChildren } from './lib/proc.mjs';
import { standaloneCheck } from './lib/standalone.mjs';
import { prebuildVcsim } from './lib/vcsim.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

// CPU (user + system) of this run's processes, per suite and per backend test file: the wall time
// alone depends on whatever else loads the machine.
const { available: cpuAvailable, cpuSample } = createRequire(import.meta.url)('./lib/proc-cpu.cjs');

const bin = (name) => path.join(ROOT, 'node_modules/.bin', name);
// A suite that hangs (an open handle after a failure) must not eat CI's whole time budget.
const SUITE_TIMEOUT_MS = 30 * 60 * 1000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'multpanel-test-'));
// The backend runs in a second `node scripts/test.mjs` beside the others (2 lanes for 2 cores): its
// integration tier mostly waits on its peers, and it is as long as all the other suites together.
// `--serial` runs everything in line.
// More lanes (the browser tests in a third, BACKGROUND_LANES = [['backend'], ['browser']]) were measured:
// the CPU was 88–99 % busy either way, the wall time did not drop (1,702 s with npm ci) and timing-
// sensitive tests failed under the extra load, so the browser tests stay in the first lane.
const BACKGROUND_LANES = [['backend']];
// The last suites go to whichever lane gets to them first (a claim file each), so that neither lane idles
// while the other still has work: the backend lane ends a few minutes before the first one.
const SHARED_TAIL = ['platform', 'scale-out'];
// Checks that need nothing running go beside the browser tests (a lane started with them) instead of
// before everything: the browser tests mostly wait on the platform's jobs and the simulator's tasks,
// and these ~225 CPU-s (lint 113, format 36, typecheck 76 s in stop 32's run) can use the core that
// leaves idle (an estimate from per-suite times, not yet measured over a whole run). `--serial` keeps
// them in line.
const BESIDE_BROWSER = ['lint', 'format', 'typecheck'];
const CLAIMS_ENV = 'MULTPANEL_TEST_CLAIMS';
// Suites that serve the built SPA/backend: everything is built once before the lanes split, so that two
// processes never build the same output at once.
const NEEDS_BUILD = ['browser', 'platform', 'scale-out'];

/** Each suite returns { passed, failed, skipped }. */
const SUITES = [
  { name: 'lint', run: () => check('eslint', bin('eslint'), ['.', '--max-warnings=0']) },
  { name: 'format', run: () => check('prettier', bin('prettier'), ['--check', '.']) },
  { name: 'typecheck', run: () => check('tsc', 'npm', ['run', 'typecheck', '--silent']) },
  { name: 'contracts', run: (ctx) => jest('contracts', ctx) },
  { name: 'simulator', run: (ctx) => jest('simulator', ctx) },
  // a copy of the tracked files with nothing beside it: `npm start` works, git status stays clean
  { name: 'standalone', run: (ctx) => standaloneCheck(ctx) },
  // The backend's unit project runs in the first lane; its integration tier is the second lane.
  {
    name: 'backend-unit',
    run: (ctx) => jest('backend', ctx, ['--selectProjects', 'unit'], 'unit'),
  },
  // In two jest runs one after the other: one process for all ~90 files grew past Node's heap limit.
  { name: 'backend', run: (ctx) => backendIntegration(ctx) },
  { name: 'frontend', run: (ctx) => vitest('frontend', ctx) },
  { name: 'browser', run: (ctx) => browser(ctx) },
  // Self-update on a real installation under PM2, install.sh --dry-run (node's test runner).
  { name: 'platform', run: (ctx) => nodeTests('scripts/update/test', ctx) },
  // 2 API processes + 2 workers behind Nginx on one database and one Redis (scripts/scale-out).
  { name: 'scale-out', run: (ctx) => scaleOut(ctx) },
];

function parseList(flag) {
  const i = process.argv.indexOf(flag);
  return i === -1 ? null : process.argv[i + 1].split(',');
}

function check(label, cmd, args) {
  log.step(`${label} ${args.join(' ')}`);
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', timeout: SUITE_TIMEOUT_MS });
  return res.status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

/** The slowest files of a jest/vitest JSON report: where a suite's wall time goes, run after run. */
function logSlowest(r, n = 8) {
  const rows = (r.testResults || [])
    .filter((t) => t.startTime && t.endTime)
    .map((t) => ({ file: path.relative(ROOT, t.name), s: (t.endTime - t.startTime) / 1000 }))
    .sort((a, b) => b.s - a.s)
    .slice(0, n);
  if (!rows.length) return;
  log.plain(`slowest files: ${rows.map((x) => `${x.file} ${x.s.toFixed(1)} s`).join(', ')}`);
}

/** The test files that cost the most CPU (backend/test/helpers/cpu-reporter.js's report), if any. */
function logCostliest(cpuFile, n = 8) {
  if (!fs.existsSync(cpuFile)) return;
  const r = JSON.parse(fs.readFileSync(cpuFile, 'utf8'));
  const rows = [...r.files].sort((a, b) => b.cpuS - a.cpuS).slice(0, n);
  const all = (k) => r.files.reduce((sum, f) => sum + f[k], 0);
  log.plain(
    `CPU: ${r.cpuS.toFixed(0)} s in ${r.files.length} files (+ ${r.serversCpuS.toFixed(0)} s of the ` +
      `database and Redis servers, ${((100 * all('cpuS')) / Math.max(1, all('wallS'))).toFixed(0)} % of ` +
      `the files' wall time); most: ${rows
        .map(
          (x) =>
            `${path.relative(ROOT, x.file)} ${x.cpuS.toFixed(0)} s (wall ${x.wallS.toFixed(0)} s)`,
        )
        .join(', ')}`,
  );
}

function countsFromJson(file, status) {
  if (!fs.existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  logSlowest(r);
  logCostliest(`${file}.cpu.json`);
  // A suite that fails to load (syntax error, failing hook) has no failed tests but must still count.
  const brokenSuites = (r.testResults || []).filter(
    (t) => t.status === 'failed' && !(t.assertionResults || []).some((a) => a.status === 'failed'),
  ).length;
  const failed =
    r.numFailedTests + brokenSuites + (status !== 0 && !r.numFailedTests && !brokenSuites ? 1 : 0);
  return { passed: r.numPassedTests, failed, skipped: r.numPendingTests + (r.numTodoTests || 0) };
}

/** Runs jest in `workspace`; resolves to its counts. A run past `timeoutMs` is killed. */
function jest(workspace, ctx, extra = [], label = '', timeoutMs = SUITE_TIMEOUT_MS) {
  const dir = path.join(ROOT, workspace);
  if (!fs.existsSync(path.join(dir, 'jest.config.js'))) {
    log.warn(`${workspace}: no jest.config.js, nothing to run`);
    return Promise.resolve({ passed: 0, failed: 0, skipped: 0 });
  }
  const out = path.join(tmp, `${workspace.replace(/\W/g, '_')}${label && `_${label}`}.json`);
  log.step(`jest (${workspace}${label && `, ${label}`})`);
  const args = ['--ci', '--forceExit', '--json', `--outputFile=${out}`, ...extra];
  const child = spawn(bin('jest'), args, {
    cwd: dir,
    stdio: 'inherit',
    // read by the backend's cpu-reporter.js (other workspaces have no such reporter)
    env: { ...(ctx.env ?? process.env), JEST_CPU_REPORT: `${out}.cpu.json` },
  });
  const timer = setTimeout(() => {
    log.fail(`jest (${workspace}${label && `, ${label}`}) did not finish in time: killed`);
    child.kill('SIGKILL');
  }, timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve(countsFromJson(out, status));
    });
  });
}

/**
 * The integration tier as one jest run with BACKEND_WORKERS workers (default 2), each on its own copy of
 * the run's migrated database and its own Redis prefix (backend/test/helpers/global-setup.ts), so that
 * files running at once never share rows, jobs or schedulers. Most of a file's wall time is waiting
 * (timeouts, polling, child processes), which the second worker fills: 12 files took 99–140 s instead
 * of 200–223 s in band (at the same CPU, ~60 s; load 5–10 from other work, runs back to back). Under
 * load 10–13 the whole tier took 1,340 s and 2 timing-bound files failed (faults-infra, backups: both
 * pass side by side at load 7). jest replaces a worker whose heap outgrows workerIdleMemoryLimit
 * (backend/jest.config.js): one process for all ~90 files grew past Node's heap limit.
 * BACKEND_WORKERS=1 runs every file in band in one process (not tried over the whole tier since the
 * heap limit was raised to 6 GB).
 */
function backendIntegration(ctx) {
  const heap = `${ctx.env?.NODE_OPTIONS ?? ''} --max-old-space-size=6144`.trim();
  ctx = { ...ctx, env: { ...(ctx.env ?? process.env), NODE_OPTIONS: heap } };
  const workers = Number(process.env.BACKEND_WORKERS) || 2;
  return jest(
    'backend',
    ctx,
    ['--selectProjects', 'integration', `--maxWorkers=${workers}`],
    'integration',
    // the ceiling the two jest runs it replaces had together
    2 * SUITE_TIMEOUT_MS,
  );
}

function vitest(workspace, ctx) {
  const out = path.join(tmp, `${workspace}-vitest.json`);
  log.step(`vitest (${workspace})`);
  const res = spawnSync(
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    {
      cwd: path.join(ROOT, workspace),
      stdio: 'inherit',
      env: ctx.env,
      timeout: SUITE_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    },
  );
  return countsFromJson(out, res.status);
}

function nodeTests(dir, ctx) {
  const tap = path.join(tmp, `${dir.replace(/\W/g, '_')}.tap`);
  const files = fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith('.test.mjs'))
    .map((f) => path.join(dir, f));
  log.step(`node --test ${dir}`);
  const res = spawnSync(
    process.execPath,
    [
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { cwd: ROOT, stdio: 'inherit', env: ctx.env, timeout: SUITE_TIMEOUT_MS, killSignal: 'SIGKILL' },
  );
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  const count = (k) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const failed = count('fail') + count('cancelled');
  return {
    passed: count('pass'),
    failed: failed || (res.status !== 0 ? 1 : 0),
    skipped: count('skipped') + count('todo'),
  };
}

function scaleOut(ctx) {
  if (!commandExists('nginx')) {
    log.warn('nginx is not installed and cannot be installed here: scale-out test skipped');
    return { passed: 0, failed: 0, skipped: 1 };
  }
  buildAll({ only: ['simulator', 'backend'] });
  return nodeTests('scripts/scale-out', ctx);
}

async function browser(ctx) {
  if (!fs.existsSync(path.join(ROOT, 'e2e/jest.config.js')))
    return { passed: 0, failed: 0, skipped: 0 };
  if (!ctx.chromium) {
    log.warn('Chromium is not installed and cannot be installed here: browser tests skipped');
    return { passed: 0, failed: 0, skipped: 1 };
  }
  buildAll();
  // The first-load JS budgets read the build just made (issue 16): no browser needed.
  const budgets = nodeTests('scripts/bundle', ctx);
  const e2e = await browserTests(ctx);
  return {
    passed: budgets.passed + e2e.passed,
    failed: budgets.failed + e2e.failed,
    skipped: budgets.skipped + e2e.skipped,
  };
}

async function browserTests(ctx) {
  const { clearRedisPrefix, dropDatabase, withDatabase } = await import('./lib/services.mjs');
  const dbName = `mp_e2e_${Date.now().toString(36)}`;
  const [port, simPort, sim2Port, smtpInPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  // Mails the platform sends land in a spool the tests read (E2E_MAIL_DIR); replies by e-mail go
  // to the inbound SMTP listener (INBOUND_SMTP_PORT), and the relay secret lets a test try
  // /api/tickets/inbound-mail as a mail relay would.
  const mailDir = path.join(tmp, 'e2e-mail');
  // Imported here: smtp-server is a dependency, not there before ensureDependencies() installs them.
  const { startMailSpool } = await import('./lib/mail-spool.mjs');
  const mail = await startMailSpool(mailDir);
  const env = {
    ...ctx.env,
    // The platform under browser test runs as `npm start` runs it (schedulers, demo estate).
    NODE_ENV: 'development',
    PORT: String(port),
    DATABASE_URL: withDatabase(ctx.dbBase, dbName),
    REDIS_PREFIX: `mp-e2e-${process.pid}`,
    DEMO_MODE: 'true',
    DEMO_PASSWORD: 'demo-password',
    SIM_URL: `https://127.0.0.1:${simPort}`,
    SIM_PASSWORD: 'sim-password',
    // localhost, not 127.0.0.1: WebAuthn (passkeys) refuses an IP address as relying party id.
    PUBLIC_URL: `http://localhost:${port}`,
    LOG_LEVEL: 'warn',
    SMTP_URL: mail.url,
    TICKET_REPLY_ADDRESS: 'support@e2e.test',
    INBOUND_MAIL_SECRET: 'e2e-relay-secret-of-the-browser-tests',
    INBOUND_SMTP_PORT: String(smtpInPort),
    // The alerts test waits on collections: every 10 s instead of every minute (~90 s less).
    MONITORING_COLLECT_SECONDS: process.env.MONITORING_COLLECT_SECONDS ?? '10',
  };
  const children = [];
  try {
    log.step('Starting the platform for browser tests…');
    children.push(
      await startSimulator({
        port: simPort,
        password: 'sim-password',
        silent: true,
        // as `npm start`: the OPNsense template (VMID 9010) the firewalls browser test deploys from;
        // a VM started with a config disk boots an OPNsense simulator inside the Proxmox simulator
        extraArgs: ['--appliance-templates'],
      }),
    );
    // A second, unregistered cluster that the clusters browser test adds through the wizard.
    children.push(
      await startSimulator({
        port: sim2Port,
        password: 'sim-password',
        silent: true,
        extraArgs: ['--seed', '2', '--guests', '12'],
      }),
    );
    backendCli(['migrate'], env);
    backendCli(['seed'], env);
    children.push(...(await startServices({ env, port, silent: !process.env.E2E_VERBOSE })));
    await waitForDemoEstate(`http://127.0.0.1:${port}`, env.DEMO_PASSWORD);
    const e2eEnv = {
      ...env,
      E2E_BASE_URL: `http://localhost:${port}`,
      E2E_SIM2_URL: `https://127.0.0.1:${sim2Port}`,
      E2E_MAIL_DIR: mailDir,
    };
    // E2E_ONLY=pattern runs the matching browser test files only (while working on one).
    const only = process.env.E2E_ONLY ? ['--testPathPatterns', process.env.E2E_ONLY] : [];
    return await jest('e2e', { env: e2eEnv }, ['--runInBand', ...only]);
  } catch (err) {
    log.fail(`browser tests could not start: ${err.message}`);
    return { passed: 0, failed: 1, skipped: 0 };
  } finally {
    await stopChildren(children);
    await mail.close();
    await dropDatabase(ctx.dbBase, dbName).catch(() => undefined);
    await clearRedisPrefix(env.REDIS_URL, env.REDIS_PREFIX).catch((e) =>
      log.warn(
        `could not remove the browser tests' Redis keys (${env.REDIS_PREFIX}:*): ${e.message}`,
      ),
    );
  }
}

/** Debian packages some suites need; installed when missing and we are root, otherwise those tests skip. */
function ensureTestPackages(selected) {
  const { aptInstall } = ctxModules.services;
  const wanted = [];
  if (selected.has('browser') && !fs.existsSync('/usr/bin/chromium')) wanted.push('chromium');
  if (selected.has('simulator') && !commandExists('qemu-system-x86_64'))
    wanted.push('qemu-system-x86');
  // sshd: the SSH key tests (backend) and the deployment and SSH-push browser tests.
  if ((selected.has('backend') || selected.has('browser')) && !fs.existsSync('/usr/sbin/sshd'))
    wanted.push('openssh-server');
  // TLS tests: Nginx with the project's site and pebble as the ACME server.
  if (selected.has('backend') && !commandExists('nginx')) wanted.push('nginx-light');
  if (selected.has('backend') && !commandExists('pebble')) wanted.push('pebble');
  // ESXi discovery tests: VMware's simulator (vcsim) built from Debian's Go and govmomi packages.
  if (selected.has('backend') && !commandExists('go')) wanted.push('golang-go');
  if (selected.has('backend') && !fs.existsSync('/usr/share/gocode/src/github.com/vmware/govmomi'))
    wanted.push('golang-github-vmware-govmomi-dev');
  // LDAP sign-in tests: Debian's OpenLDAP server on a loopback port (test/helpers/slapd.ts).
  if (selected.has('backend') && !fs.existsSync('/usr/sbin/slapd')) wanted.push('slapd');
  // Scale-out: Debian's nginx in front of two API processes.
  if (selected.has('scale-out') && !commandExists('nginx')) wanted.push('nginx');
  if (wanted.length && isRoot() && commandExists('apt-get')) {
    try {
      aptInstall(wanted, 'test peers');
    } catch (err) {
      log.warn(`could not install ${wanted.join(', ')}: ${err.message}`);
    }
  }
  return { chromium: fs.existsSync('/usr/bin/chromium') };
}

const ctxModules = {};

/** In lanes: true when this process takes `name` (the other lane has not); always true otherwise. */
function claim(name) {
  const dir = process.env[CLAIMS_ENV];
  if (!dir || !SHARED_TAIL.includes(name)) return true;
  try {
    fs.closeSync(fs.openSync(path.join(dir, name), 'wx'));
    return true;
  } catch {
    return false;
  }
}

/** A lane waits for the parent's build before a suite that serves the built output. */
async function waitForBuild(name) {
  const dir = process.env[CLAIMS_ENV];
  if (!dir || !NEEDS_BUILD.includes(name)) return;
  while (!fs.existsSync(path.join(dir, 'built'))) await new Promise((r) => setTimeout(r, 1000));
}

// Lanes running now (pids) and the CPU seconds of those that ended: a suite's own CPU leaves both out.
const lanePids = new Set();
let endedLanesCpu = 0;
/** CPU seconds so far of this process and what it started, lanes left out. */
const ownCpu = () => cpuSample({ exclude: [...lanePids] }).tree - endedLanesCpu;

/** Runs `names` in a child `npm test` whose output is printed when it ends; resolves to its results. */
function startLane(names) {
  const logFile = path.join(tmp, `lane-${names[0]}.log`);
  const resultsFile = path.join(tmp, `lane-${names[0]}.json`);
  const fd = fs.openSync(logFile, 'w');
  log.step(`${names.join(', ')}: running beside the other suites; output follows when they end`);
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'scripts/test.mjs'),
      '--only',
      names.join(','),
      '--serial',
      '--lane',
      '--results',
      resultsFile,
    ],
    { cwd: ROOT, stdio: ['ignore', fd, fd], env: process.env },
  );
  lanePids.add(child.pid);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      fs.closeSync(fd);
      lanePids.delete(child.pid);
      log.plain(log.bold(`\n── ${names.join(', ')} (ran beside the others) ──`));
      process.stdout.write(fs.readFileSync(logFile));
      const failed = { totals: { passed: 0, failed: 1, skipped: 0 }, rows: [] };
      if (!fs.existsSync(resultsFile)) {
        log.fail(`the ${names.join(', ')} lane ended with code ${code} and no results`);
        return resolve(failed);
      }
      const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
      // Its processes' CPU is now counted as this process's children's: leave it out of our suites'.
      endedLanesCpu += results.cpuS ?? 0;
      resolve(results);
    });
  });
}

/** Busy and total jiffies of all cores so far (Linux), to tell how full the machine was during the run. */
function cpuTimes() {
  try {
    const [, ...f] = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .map(Number);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - f[3] - (f[4] || 0), total };
  } catch {
    return null;
  }
}

async function main() {
  const started = Date.now();
  const cpu0 = cpuTimes();
  const run0 = cpuSample();
  checkNode();
  if (process.argv.includes('--list')) {
    log.plain(SUITES.map((s) => s.name).join('\n'));
    return 0;
  }
  const only = parseList('--only');
  const skip = parseList('--skip') || [];
  // `--only backend` means the whole backend (both projects).
  if (only?.includes('backend') && !process.argv.includes('--lane')) only.push('backend-unit');
  const suites = SUITES.filter((s) => (!only || only.includes(s.name)) && !skip.includes(s.name));

  ensureDependencies();
  ctxModules.services = await import('./lib/services.mjs');
  const { ensureMariaDb, ensureRedis } = ctxModules.services;
  const dbBase = await ensureMariaDb(process.env);
  const redisUrl = await ensureRedis(process.env);
  const { chromium } = ensureTestPackages(new Set(suites.map((s) => s.name)));
  buildAll({ only: ['Prisma client', 'contracts'] });

  const env = {
    ...process.env,
    NODE_ENV: 'test',
    TEST_DATABASE_URL: dbBase,
    REDIS_URL: redisUrl,
  };
  // Tests bring their own database and keys; nothing of this machine's configuration leaks in.
  for (const key of ['DATABASE_URL', 'JWT_SECRET', 'ENCRYPTION_KEY']) delete env[key];

  const totals = { passed: 0, failed: 0, skipped: 0 };
  const rows = [];
  const names = suites.map((s) => s.name);
  // In a lane the parent builds; the platform suite's own build check then finds everything current.
  const needsBuild = !process.argv.includes('--lane') && names.some((n) => NEEDS_BUILD.includes(n));
  const laneGroups = BACKGROUND_LANES.map((g) => names.filter((n) => g.includes(n))).filter(
    (g) => g.length > 0,
  );
  const laneNames = laneGroups.flat();
  const useLanes =
    !process.argv.includes('--serial') && laneGroups.length > 0 && laneNames.length < names.length;
  const tail = useLanes ? names.filter((n) => SHARED_TAIL.includes(n)) : [];
  if (tail.length) {
    process.env[CLAIMS_ENV] = path.join(tmp, 'claims');
    fs.mkdirSync(process.env[CLAIMS_ENV]);
  }
  // A lane that needs no build starts at once (the backend's tests need none); the others once
  // everything is built, so that two processes never build the same output at once.
  const early = useLanes ? laneGroups.filter((g) => !g.some((n) => NEEDS_BUILD.includes(n))) : [];
  const late = useLanes ? laneGroups.filter((g) => !early.includes(g)) : [];
  const lanes = early.map((g) => startLane([...g, ...tail]));
  if (needsBuild) buildAll();
  if (tail.length) fs.writeFileSync(path.join(process.env[CLAIMS_ENV], 'built'), '');
  lanes.push(...late.map((g) => startLane([...g, ...tail])));
  const vcsimReady = names.includes('backend') && !useLanes ? prebuildVcsim() : Promise.resolve();
  const beside =
    !process.argv.includes('--serial') && names.includes('browser')
      ? BESIDE_BROWSER.filter((n) => names.includes(n))
      : [];
  for (const suite of suites) {
    if (useLanes && laneNames.includes(suite.name)) continue;
    if (beside.includes(suite.name)) continue;
    if (suite.name === 'browser' && beside.length) lanes.push(startLane(beside));
    if (!claim(suite.name)) continue;
    await waitForBuild(suite.name);
    const t0 = Date.now();
    const c0 = ownCpu();
    let r;
    if (suite.name === 'backend') await vcsimReady;
    try {
      r = await suite.run({ env, dbBase, chromium });
    } catch (err) {
      log.fail(`${suite.name}: ${err.message}`);
      r = { passed: 0, failed: 1, skipped: 0 };
    }
    for (const k of Object.keys(totals)) totals[k] += r[k] || 0;
    rows.push(
      `${suite.name.padEnd(10)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped || 0).padStart(3)} skipped  ${((Date.now() - t0) / 1000).toFixed(1)} s` +
        (cpuAvailable ? `, CPU ${(ownCpu() - c0).toFixed(0)} s` : ''),
    );
  }
  for (const r of await Promise.all(lanes)) {
    for (const k of Object.keys(totals)) totals[k] += r.totals[k] || 0;
    rows.push(...r.rows.map((row) => `${row}  (background)`));
  }
  const run1 = cpuSample();
  const resultsFile = parseList('--results')?.[0];
  if (resultsFile)
    fs.writeFileSync(resultsFile, JSON.stringify({ totals, rows, cpuS: run1.tree - run0.tree }));
  const cpu1 = cpuTimes();
  const busy =
    cpu0 && cpu1
      ? `, CPU ${((100 * (cpu1.busy - cpu0.busy)) / (cpu1.total - cpu0.total)).toFixed(0)} % busy on ${os.availableParallelism()} cores`
      : '';
  // user + system of every process of this run; the servers (MariaDB, Redis) apart: others share them
  const cpu = cpuAvailable
    ? `; CPU ${(run1.tree - run0.tree).toFixed(0)} s, servers ${(run1.servers - run0.servers).toFixed(0)} s`
    : '';
  log.plain(
    '\n' + log.bold('Summary') + ` (${((Date.now() - started) / 1000).toFixed(0)} s${busy}${cpu})`,
  );
  for (const row of rows) log.plain('  ' + row);
  log.plain(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  return totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

main()
  .then((code) => {
    fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(code);
  })
  .catch((err) => {
    log.fail(err.message);
    if (err.hint) log.plain(`  ${err.hint}`);
    log.plain('0 passed, 1 failed');
    process.exit(1);
  });
