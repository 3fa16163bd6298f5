// The steps of an update or a rollback. Each takes the run context { cfg, state, rep, builds }.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appliedMigrations, dumpTo, restoreClean } from './db.mjs';
import { runLogged } from './exec.mjs';
import { changedFiles, dirtyFiles, git, headCommit, migrationsAt } from './git.mjs';
import { runningVersion } from './config.mjs';

const childEnv = (cfg) => ({ ...cfg.env, NODE_ENV: cfg.env.NODE_ENV || 'production' });

/** Checks that must pass before anything changes. */
export function preflight(ctx, target, { backupFile } = {}) {
  const { cfg, rep } = ctx;
  const dirty = dirtyFiles(cfg.appDir);
  if (dirty.length)
    throw new Error(
      `the work tree has local changes (${dirty.slice(0, 3).join(', ')}); commit or revert them first`,
    );
  rep.log('work tree is clean');
  const st = fs.statfsSync(cfg.appDir);
  const freeMb = Math.floor((st.bavail * st.bsize) / 1048576);
  if (freeMb < cfg.minFreeMb)
    throw new Error(
      `only ${freeMb} MB free on the installation's disk; ${cfg.minFreeMb} MB needed`,
    );
  rep.log(`disk: ${freeMb} MB free`);
  if (!cfg.databaseUrl) throw new Error('DATABASE_URL is not set');
  if (backupFile) {
    // A rollback replaces the database with the backup taken before that update.
    if (!fs.existsSync(backupFile)) throw new Error(`the database backup ${backupFile} is gone`);
    rep.log(`database backup: ${backupFile}`);
    return { pending: [] };
  }
  const applied = appliedMigrations(cfg.databaseUrl);
  const known = new Set(migrationsAt(cfg.appDir, target.commit));
  const unknown = applied.filter((m) => !known.has(m));
  if (unknown.length)
    throw new Error(
      `the database has migrations that ${target.version} does not know (${unknown.join(', ')}); it cannot run on this database`,
    );
  const pending = [...known].filter((m) => !applied.includes(m));
  rep.log(pending.length ? `migrations to apply: ${pending.join(', ')}` : 'no new migrations');
  return { pending };
}

export async function backup(ctx, label) {
  const { cfg, state, rep } = ctx;
  const file = path.join(
    state.backupsDir,
    `db-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${label}.sql.gz`,
  );
  const t0 = Date.now();
  const size = await dumpTo(cfg.databaseUrl, file);
  rep.log(
    `database saved to ${file} (${(size / 1024).toFixed(0)} KiB, ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  return file;
}

export function saveCurrentBuild(ctx) {
  const commit = headCommit(ctx.cfg.appDir);
  if (ctx.builds.save(commit))
    ctx.rep.log(`kept the build of ${commit.slice(0, 10)} for a fast rollback`);
}

export function checkout(ctx, commit) {
  git(ctx.cfg.appDir, ['checkout', '--quiet', '--force', '--detach', commit]);
  ctx.rep.log(`checked out ${commit.slice(0, 10)} (${runningVersion(ctx.cfg.appDir)})`);
}

/** npm ci when the lockfile differs (or node_modules is missing); otherwise nothing to install. */
export async function install(ctx, from, to) {
  const { cfg, rep } = ctx;
  const lockChanged = changedFiles(cfg.appDir, from, to).includes('package-lock.json');
  if (!lockChanged && fs.existsSync(path.join(cfg.appDir, 'node_modules'))) {
    rep.log('dependencies unchanged (same package-lock.json)');
    return;
  }
  await runLogged(rep, 'npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: cfg.appDir,
    env: { ...childEnv(cfg), NODE_ENV: 'development' }, // build tools are devDependencies
  });
}

/** The saved build of `commit` when there is one, else an incremental build (only what changed). */
export async function build(ctx, commit) {
  const { cfg, rep, builds } = ctx;
  if (builds.restore(commit)) {
    rep.log(`restored the saved build of ${commit.slice(0, 10)}`);
    return;
  }
  const script = path.join(cfg.appDir, 'scripts/lib/build.mjs');
  const args = fs.existsSync(script)
    ? [
        '--input-type=module',
        '-e',
        `(await import(${JSON.stringify(pathToFileURL(script).href)})).buildAll()`,
      ]
    : null;
  if (args) await runLogged(rep, process.execPath, args, { cwd: cfg.appDir, env: childEnv(cfg) });
  else await runLogged(rep, 'npm', ['run', 'build'], { cwd: cfg.appDir, env: childEnv(cfg) });
  builds.save(commit);
}

export async function migrate(ctx) {
  const { cfg, rep } = ctx;
  await runLogged(
    rep,
    process.execPath,
    [path.join(cfg.appDir, 'backend/dist/cli.js'), 'migrate'],
    {
      cwd: cfg.appDir,
      env: childEnv(cfg),
    },
  );
}

export async function restoreDatabase(ctx, file) {
  const t0 = Date.now();
  await restoreClean(ctx.cfg.databaseUrl, file);
  ctx.rep.log(
    `database restored from ${path.basename(file)} into a clean schema (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
}

/**
 * Zero-downtime reload: PM2 replaces the API's cluster processes one at a time (a new one listens before
 * an old one stops), then the workers, which finish or hand back their jobs on SIGTERM.
 */
export async function reload(ctx) {
  const { cfg, rep } = ctx;
  if (cfg.pm2 === 'none') {
    rep.log(
      'process reload skipped (UPDATE_PM2=none): restart the API, worker (and inbound SMTP) yourself',
    );
    return;
  }
  const eco = path.join(cfg.appDir, 'ecosystem.config.js');
  // The inbound SMTP process exists only where the env file turns it on (as ecosystem.config.js).
  const apps = ['multpanel-api', 'multpanel-worker'];
  if (cfg.env.INBOUND_SMTP_PORT) apps.push('multpanel-inbound-smtp');
  for (const app of apps) {
    rep.log(`reloading ${app}`);
    await runLogged(rep, cfg.pm2, ['startOrReload', eco, '--only', app, '--update-env'], {
      cwd: cfg.appDir,
      env: childEnv(cfg),
      timeoutMs: 5 * 60_000,
    });
  }
  await runLogged(rep, cfg.pm2, ['save', '--force'], { cwd: cfg.appDir, env: childEnv(cfg) }).catch(
    (err) => rep.log(`pm2 save: ${err.message}`),
  );
}

/** /api/health must answer 200 and report the expected version. */
export async function healthGate(ctx, version) {
  const { cfg, rep } = ctx;
  const deadline = Date.now() + cfg.healthTimeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(cfg.healthUrl, { signal: AbortSignal.timeout(3000) });
      const body = await res.json().catch(() => ({}));
      if (res.status === 200 && body.version === version) {
        rep.log(`healthy: ${cfg.healthUrl} reports ${body.version} (${body.status})`);
        return;
      }
      last = `HTTP ${res.status}, version ${body.version ?? '?'}`;
    } catch (err) {
      last = err.message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `not healthy at version ${version} within ${cfg.healthTimeoutMs / 1000} s (${last})`,
  );
}
