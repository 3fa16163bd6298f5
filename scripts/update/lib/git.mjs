// The installation is a git checkout; releases are annotated tags vX.Y.Z on the update remote.
import { execFileSync } from 'node:child_process';
import { bare, compareVersions, isPrerelease, parseVersion } from './semver.mjs';

export function git(cwd, args, opts = {}) {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: opts.timeoutMs ?? 120_000,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    maxBuffer: 64 * 1024 * 1024,
  }).trimEnd();
}

export function gitOk(cwd, args) {
  try {
    git(cwd, args);
    return true;
  } catch {
    return false;
  }
}

export const headCommit = (cwd) => git(cwd, ['rev-parse', 'HEAD']);

/** Fetches the remote's tags (moved tags too). Throws with git's message when the remote is unreachable. */
export function fetchTags(cwd, remote) {
  try {
    git(cwd, ['fetch', '--quiet', '--force', '--tags', remote], { timeoutMs: 120_000 });
  } catch (err) {
    const msg = String(err.stderr || err.message)
      .trim()
      .split('\n')
      .slice(-2)
      .join(' ');
    throw new Error(`cannot reach the update remote "${remote}": ${msg}`);
  }
}

/** Annotated release tags, newest first: { tag, version, commit, date, subject, prerelease }. */
export function releaseTags(cwd) {
  const out = git(cwd, [
    'for-each-ref',
    'refs/tags',
    '--format=%(refname:short)%09%(objecttype)%09%(*objectname)%09%(taggerdate:iso-strict)%09%(contents:subject)',
  ]);
  const tags = [];
  for (const line of out.split('\n').filter(Boolean)) {
    const [tag, type, commit, date, subject] = line.split('\t');
    if (type !== 'tag' || !/^v/.test(tag) || !parseVersion(tag)) continue;
    tags.push({ tag, version: bare(tag), commit, date, subject, prerelease: isPrerelease(tag) });
  }
  return tags.sort((a, b) => compareVersions(b.version, a.version));
}

/** The file at a commit, or null when it does not exist there. */
export function showFile(cwd, commit, file) {
  try {
    return git(cwd, ['show', `${commit}:${file}`]);
  } catch {
    return null;
  }
}

export function changedFiles(cwd, from, to) {
  return git(cwd, ['diff', '--name-only', from, to]).split('\n').filter(Boolean);
}

/** Tracked files with local changes (untracked files do not block an update). */
export function dirtyFiles(cwd) {
  return git(cwd, ['status', '--porcelain', '--untracked-files=no']).split('\n').filter(Boolean);
}

export function migrationsAt(cwd, commit) {
  try {
    return git(cwd, ['ls-tree', '--name-only', `${commit}:prisma/migrations`])
      .split('\n')
      .filter((n) => /^\d/.test(n))
      .sort();
  } catch {
    return [];
  }
}
