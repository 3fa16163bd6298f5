#!/usr/bin/env node
// The one update engine of Multpanel, used by the web console (through the API, which starts it
// detached so that it outlives the processes it reloads) and by update-platform.sh / rollback-platform.sh.
// It depends on nothing but Node and the git, npm, pm2 and mariadb tools: the app's own files change
// under it while it runs.
//
//   engine.mjs info | check | history                  JSON on stdout
//   engine.mjs changelog --to <version>                JSON on stdout
//   engine.mjs show <runId> [--after <seq>]            a run and its log lines (JSON)
//   engine.mjs update --to <version> [--detach] [--actor <json>]
//   engine.mjs rollback [--detach] [--actor <json>]
// Exit codes: 0 done, 1 failed (rolled back when possible), 2 refused, 3 another run is in progress.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BuildCache } from './lib/builds.mjs';
import { loadConfig, runningVersion } from './lib/config.mjs';
import { headCommit } from './lib/git.mjs';
import { rollbackTarget, runRollback, runUpdate } from './lib/pipeline.mjs';
import { changelog, check, findRelease, info } from './lib/queries.mjs';
import { Reporter } from './lib/reporter.mjs';
import { compareVersions } from './lib/semver.mjs';
import { StateDir } from './lib/state.mjs';

const ENGINE = fileURLToPath(import.meta.url);
const APP_DIR = path.resolve(path.dirname(ENGINE), '..', '..');

class Refused extends Error {
  constructor(code, message, exitCode = 2) {
    super(message);
    this.code = code;
    this.exitCode = exitCode;
  }
}

const json = (value) => process.stdout.write(JSON.stringify(value) + '\n');

function newRun(cfg, state, kind, to, actor) {
  const id = state.newRunId();
  if (!state.tryLock(id, process.pid))
    throw new Refused('CONFLICT', 'another update or rollback is in progress', 3);
  const run = {
    id,
    kind,
    status: 'running',
    from: { version: runningVersion(cfg.appDir), commit: headCommit(cfg.appDir) },
    to,
    actor: actor ?? { type: 'cli', user: process.env.SUDO_USER || process.env.USER || 'root' },
    startedAt: new Date().toISOString(),
    steps: [],
    backup: null,
  };
  state.writeRun(run);
  return run;
}

function prepareUpdate(cfg, version, actor, state) {
  if (!version) throw new Refused('BAD_REQUEST', 'name the version to update to (--to vX.Y.Z)');
  check(cfg); // fetches the remote's tags
  const release = findRelease(cfg, version);
  if (!release)
    throw new Refused('NOT_FOUND', `no release ${version} on the remote "${cfg.remote}"`);
  if (release.prerelease && !cfg.allowPrerelease)
    throw new Refused(
      'BAD_REQUEST',
      `${release.version} is a pre-release (set UPDATE_ALLOW_PRERELEASE=true to allow)`,
    );
  const current = runningVersion(cfg.appDir);
  if (compareVersions(release.version, current) <= 0)
    throw new Refused('BAD_REQUEST', `${release.version} is not newer than the running ${current}`);
  const to = { version: release.version, commit: release.commit, tag: release.tag };
  return newRun(cfg, state, 'update', to, actor);
}

function prepareRollback(cfg, actor, state) {
  const source = rollbackTarget(state);
  if (!source) throw new Refused('NOT_FOUND', 'there is no successful update to roll back');
  return newRun(cfg, state, 'rollback', { ...source.from, sourceRunId: source.id }, actor);
}

async function execute(cfg, state, run, { echo }) {
  state.moveLock(run.id, process.pid);
  const rep = new Reporter(cfg, state, run, { echo });
  const ctx = { cfg, state, rep, run, builds: new BuildCache(cfg.appDir, state.buildsDir) };
  await rep.open();
  rep.log(
    `${run.kind} ${run.from.version} → ${run.to.version} started (engine pid ${process.pid})`,
  );
  try {
    if (run.kind === 'update') await runUpdate(ctx, run.to);
    else await runRollback(ctx, state.readRun(run.to.sourceRunId));
  } catch (err) {
    await rep.finish('failed', err);
  } finally {
    state.unlock(run.id);
  }
  return run.status === 'succeeded' ? 0 : 1;
}

/** Starts the run in a new session whose parent exits at once, so no process manager's tree-kill reaches it. */
function detach(cfg, state, run) {
  const out = fs.openSync(state.logFile(run.id).replace(/\.log$/, '.out'), 'a', 0o640);
  const child = spawn(process.execPath, [ENGINE, 'resume', run.id], {
    cwd: cfg.appDir,
    env: process.env,
    detached: true,
    stdio: ['ignore', out, out],
  });
  state.moveLock(run.id, child.pid);
  child.unref();
  json({ runId: run.id, pid: child.pid });
  return 0;
}

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      detach: { type: 'boolean', default: false },
      actor: { type: 'string' },
      after: { type: 'string' },
    },
  });
  const [command, arg] = positionals;
  const cfg = loadConfig(APP_DIR);
  const state = new StateDir(cfg.stateDir).ensure();
  const actor = values.actor ? JSON.parse(values.actor) : undefined;
  switch (command) {
    case 'info':
      return (json(await info(cfg, state)), 0);
    case 'check':
      return (json(check(cfg)), 0);
    case 'changelog': {
      const log = changelog(cfg, values.to ?? '');
      if (!log) throw new Refused('NOT_FOUND', `no release ${values.to} (check for updates first)`);
      return (json(log), 0);
    }
    case 'history':
      state.activeRun(); // marks a run whose engine died as failed
      return (json(state.listRuns()), 0);
    case 'show': {
      const run = state.readRun(arg ?? '');
      if (!run) throw new Refused('NOT_FOUND', `no run ${arg}`);
      return (json({ run, log: state.readLog(run.id, Number(values.after ?? 0)) }), 0);
    }
    case 'update':
    case 'rollback': {
      const run =
        command === 'update'
          ? prepareUpdate(cfg, values.to, actor, state)
          : prepareRollback(cfg, actor, state);
      if (values.detach) return detach(cfg, state, run);
      return execute(cfg, state, run, { echo: true });
    }
    case 'resume': {
      const run = state.readRun(arg ?? '');
      if (!run || run.status !== 'running') throw new Refused('NOT_FOUND', `no pending run ${arg}`);
      return execute(cfg, state, run, { echo: true });
    }
    default:
      process.stderr.write(
        fs
          .readFileSync(ENGINE, 'utf8')
          .split('\n')
          .slice(1, 13)
          .join('\n')
          .replace(/^\/\/ ?/gm, '') + '\n',
      );
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code ?? 0),
  (err) => {
    if (err instanceof Refused) {
      json({ error: { code: err.code, message: err.message } });
      process.exit(err.exitCode);
    }
    json({ error: { code: 'INTERNAL', message: err.message } });
    process.exit(1);
  },
);
