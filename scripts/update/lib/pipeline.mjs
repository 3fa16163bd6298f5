// The update and rollback procedures, shared by the GUI (detached engine) and the shell scripts.
import { headCommit } from './git.mjs';
import { runningVersion } from './config.mjs';
import * as steps from './steps.mjs';

/**
 * Puts `release` (commit + version) back in place after a failure or on request: code, dependencies,
 * build, the database from `backupFile` (restored into a clean schema), reload, health gate.
 */
async function switchTo(ctx, release, backupFile, prefix) {
  const { rep, cfg } = ctx;
  const current = headCommit(cfg.appDir);
  await rep.step(`${prefix}checkout`, () => steps.checkout(ctx, release.commit));
  await rep.step(`${prefix}install`, () => steps.install(ctx, current, release.commit));
  await rep.step(`${prefix}build`, () => steps.build(ctx, release.commit));
  if (backupFile)
    await rep.step(`${prefix}restore-db`, () => steps.restoreDatabase(ctx, backupFile));
  await rep.step(`${prefix}reload`, () => steps.reload(ctx));
  await rep.step(`${prefix}health`, () => steps.healthGate(ctx, release.version));
}

export async function runUpdate(ctx, target) {
  const { rep, run, cfg } = ctx;
  const from = run.from;
  let changedCode = false;
  let migrating = false;
  try {
    await rep.step('preflight', () => steps.preflight(ctx, target));
    run.backup = await rep.step('backup', () => steps.backup(ctx, `v${from.version}`));
    await rep.step('save-build', () => steps.saveCurrentBuild(ctx));
    changedCode = true;
    await rep.step('checkout', () => steps.checkout(ctx, target.commit));
    if (runningVersion(cfg.appDir) !== target.version)
      throw new Error(
        `the release's package.json says ${runningVersion(cfg.appDir)}, not ${target.version}`,
      );
    await rep.step('install', () => steps.install(ctx, from.commit, target.commit));
    await rep.step('build', () => steps.build(ctx, target.commit));
    migrating = true;
    await rep.step('migrate', () => steps.migrate(ctx));
    await rep.step('reload', () => steps.reload(ctx));
    await rep.step('health', () => steps.healthGate(ctx, target.version));
    await rep.finish('succeeded');
  } catch (err) {
    if (!changedCode) return rep.finish('failed', err);
    rep.log(
      `rolling back to ${from.version} (${from.commit.slice(0, 10)})${migrating ? ' with the database backup' : ''}`,
    );
    try {
      await switchTo(ctx, from, migrating ? run.backup : null, 'rollback:');
      await rep.finish('rolled_back', err);
    } catch (err2) {
      await rep.finish(
        'rollback_failed',
        new Error(`${err.message}; the rollback failed too: ${err2.message}`),
      );
    }
  }
}

/** The release to go back to: the source of the newest successful update not yet rolled back. */
export function rollbackTarget(state) {
  return (
    state
      .listRuns()
      .find((r) => r.kind === 'update' && r.status === 'succeeded' && !r.rolledBackBy) ?? null
  );
}

export async function runRollback(ctx, source) {
  const { rep, run, state } = ctx;
  const here = run.from;
  let moved = false;
  let safety = null;
  try {
    await rep.step('preflight', () => {
      rep.log(
        `rolling back the update ${source.from.version} → ${source.to.version} of ${source.startedAt}`,
      );
      return steps.preflight(ctx, source.from, { backupFile: source.backup });
    });
    safety = await rep.step('backup', () => steps.backup(ctx, `before-rollback-v${here.version}`));
    run.backup = safety;
    await rep.step('save-build', () => steps.saveCurrentBuild(ctx));
    moved = true;
    await switchTo(ctx, source.from, source.backup, '');
    state.writeRun({ ...state.readRun(source.id), rolledBackBy: run.id });
    await rep.finish('succeeded');
  } catch (err) {
    if (!moved) return rep.finish('failed', err);
    rep.log(`rollback failed; returning to ${here.version} (${here.commit.slice(0, 10)})`);
    try {
      await switchTo(ctx, here, safety, 'restore:');
      await rep.finish('failed', err);
    } catch (err2) {
      await rep.finish(
        'rollback_failed',
        new Error(`${err.message}; returning failed too: ${err2.message}`),
      );
    }
  }
}
