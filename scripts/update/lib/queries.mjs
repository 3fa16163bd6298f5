// Read-only answers for the API and the CLI: what runs, which releases are newer, their changelog.
import { execFileSync } from 'node:child_process';
import { sectionsBetween } from './changelog.mjs';
import { runningVersion } from './config.mjs';
import { serverVersion } from './db.mjs';
import { fetchTags, git, headCommit, releaseTags, showFile } from './git.mjs';
import { redisVersion } from './redis.mjs';
import { compareVersions } from './semver.mjs';

function pm2Processes(cfg) {
  if (cfg.pm2 === 'none') return [];
  try {
    const out = execFileSync(cfg.pm2, ['jlist'], {
      encoding: 'utf8',
      env: cfg.env,
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return JSON.parse(out.slice(out.indexOf('['))).map((p) => ({
      name: p.name,
      pmId: p.pm_id,
      pid: p.pid,
      status: p.pm2_env?.status ?? 'unknown',
      mode: p.pm2_env?.exec_mode ?? null,
      restarts: p.pm2_env?.restart_time ?? 0,
      uptimeSince: p.pm2_env?.pm_uptime ? new Date(p.pm2_env.pm_uptime).toISOString() : null,
      memoryBytes: p.monit?.memory ?? null,
    }));
  } catch {
    return [];
  }
}

const safe = (fn) => {
  try {
    return fn();
  } catch {
    return null;
  }
};

export async function info(cfg, state) {
  const last = state.listRuns().find((r) => r.status !== 'running') ?? null;
  return {
    version: runningVersion(cfg.appDir),
    commit: headCommit(cfg.appDir),
    tag: safe(() => git(cfg.appDir, ['describe', '--tags', '--exact-match', 'HEAD'])),
    installPath: cfg.appDir,
    remote: cfg.remote,
    lastUpdate: last,
    activeRunId: state.activeRun()?.runId ?? null,
    node: process.version,
    mariadb: cfg.databaseUrl ? safe(() => serverVersion(cfg.databaseUrl)) : null,
    redis: await redisVersion(cfg.redisUrl),
    pm2: pm2Processes(cfg),
  };
}

export function check(cfg) {
  fetchTags(cfg.appDir, cfg.remote);
  const current = runningVersion(cfg.appDir);
  const tags = releaseTags(cfg.appDir).filter((t) => cfg.allowPrerelease || !t.prerelease);
  const available = tags.filter((t) => compareVersions(t.version, current) > 0);
  return {
    current,
    latest: tags[0]?.version ?? null,
    available,
    checkedAt: new Date().toISOString(),
  };
}

/** A release known locally (after check), or null. */
export function findRelease(cfg, version) {
  return (
    releaseTags(cfg.appDir).find((t) => t.version === String(version).replace(/^v/, '')) ?? null
  );
}

export function changelog(cfg, version) {
  const target = findRelease(cfg, version);
  if (!target) return null;
  const from = runningVersion(cfg.appDir);
  let sections = sectionsBetween(
    showFile(cfg.appDir, target.commit, 'CHANGELOG.md'),
    from,
    target.version,
  );
  if (!sections.length) {
    // No CHANGELOG section: fall back to the annotated tags' messages.
    sections = releaseTags(cfg.appDir)
      .filter(
        (t) =>
          compareVersions(t.version, from) > 0 && compareVersions(t.version, target.version) <= 0,
      )
      .map((t) => ({
        version: t.version,
        title: t.tag,
        body: git(cfg.appDir, ['tag', '-l', '--format=%(contents)', t.tag]).trim(),
      }));
  }
  return { from, to: target.version, sections };
}
