// Test fixture: a bare git remote with three releases of this code and an installation of the first.
//   v1.0.0  this code (the tracked files as they are on disk)
//   v1.1.0  + a migration (table ReleaseProbe with one row) and a changed sign-in page
//   v1.2.0  + a migration that fails halfway (creates BrokenProbe, then inserts into a missing table)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const V1 = '1.0.0';
export const V2 = '1.1.0';
export const V3 = '1.2.0';
export const V2_PAGE_MARK = 'Release probe 1.1.0';
export const BUILD_OUTPUTS = [
  'backend/dist',
  'backend/src/generated',
  'contracts/dist',
  'simulator/dist',
  'frontend/dist',
];

const git = (cwd, ...args) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

function trackedFiles(root) {
  const list = (...a) =>
    git(root, 'ls-files', '-z', ...a)
      .split('\0')
      .filter(Boolean);
  const deleted = new Set(list('--deleted'));
  return [...new Set([...list(), ...list('--others', '--exclude-standard')])].filter(
    (f) => !deleted.has(f) && fs.existsSync(path.join(root, f)),
  );
}

function release(dir, version, title, notes, edit) {
  edit?.();
  const pkgFile = path.join(dir, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  pkg.version = version;
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
  const clFile = path.join(dir, 'CHANGELOG.md');
  const cl = fs.readFileSync(clFile, 'utf8');
  const section = `## ${version} - ${title}\n\n${notes}\n\n`;
  // A release turns "Unreleased" into its own section (v1) or adds one above the last release.
  const next = /^## Unreleased$/m.test(cl)
    ? cl.replace(/^## Unreleased$/m, `## ${version} - ${title}\n\n${notes}\n`)
    : cl.replace(/^## /m, section + '## ');
  fs.writeFileSync(clFile, next);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', `chore(release): ${version}`);
  git(dir, 'tag', '-a', `v${version}`, '-m', `Multpanel ${version}`);
}

function migration(dir, name, sql) {
  const d = path.join(dir, 'prisma', 'migrations', name);
  fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(d, 'migration.sql'), sql);
}

/** Creates <tmp>/remote.git with the three release tags; returns its path. */
export function makeRemote(root, tmp) {
  const src = path.join(tmp, 'release-src');
  fs.mkdirSync(src, { recursive: true });
  const files = trackedFiles(root);
  execFileSync('tar', ['-C', root, '--null', '-T', '-', '-cf', path.join(tmp, 'src.tar')], {
    input: files.join('\0'),
  });
  execFileSync('tar', ['-C', src, '-xf', path.join(tmp, 'src.tar')]);
  fs.rmSync(path.join(tmp, 'src.tar'));
  git(src, 'init', '-q', '-b', 'main');
  git(src, 'config', 'user.email', 'release@multpanel.test');
  git(src, 'config', 'user.name', 'Release Bot');
  git(src, 'add', '-A');
  git(src, 'commit', '-q', '-m', 'chore: import');
  release(src, V1, 'first release', '- Everything up to now.');
  release(
    src,
    V2,
    'release probe',
    '### Added\n- A `ReleaseProbe` table and a changed sign-in page.',
    () => {
      migration(
        src,
        '29990101000000_add_release_probe',
        "CREATE TABLE `ReleaseProbe` (`id` INTEGER NOT NULL, `note` VARCHAR(64) NOT NULL, PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\nINSERT INTO `ReleaseProbe` (`id`, `note`) VALUES (1, 'added by 1.1.0');\n",
      );
      const en = path.join(src, 'frontend/src/i18n/en.ts');
      const text = fs.readFileSync(en, 'utf8');
      const changed = text.replace(
        "'Manage your virtual machines and customers.'",
        `'${V2_PAGE_MARK}: manage your virtual machines and customers.'`,
      );
      if (changed === text)
        throw new Error('fixture: the sign-in subtitle to change was not found');
      fs.writeFileSync(en, changed);
    },
  );
  release(src, V3, 'broken migration', '### Fixed\n- Nothing: its migration fails halfway.', () => {
    migration(
      src,
      '29990102000000_broken_release',
      'CREATE TABLE `BrokenProbe` (`id` INTEGER NOT NULL, PRIMARY KEY (`id`)) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\nINSERT INTO `NoSuchTable` (`id`) VALUES (1);\n',
    );
  });
  const remote = path.join(tmp, 'remote.git');
  git(tmp, 'clone', '-q', '--bare', src, remote);
  fs.rmSync(src, { recursive: true, force: true });
  return remote;
}

/**
 * Clones the remote at v1 into <tmp>/install and puts this checkout's dependencies (hard links) and
 * build outputs (copies: v1 is this code) in place, so nothing is installed or built twice.
 */
export function installV1(root, remote, tmp) {
  const dir = path.join(tmp, 'install');
  git(tmp, 'clone', '-q', remote, dir);
  git(dir, 'checkout', '-q', '--detach', `v${V1}`);
  execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(dir, 'node_modules')]);
  execFileSync('cp', [
    '-a',
    path.join(root, 'frontend/node_modules'),
    path.join(dir, 'frontend/node_modules'),
  ]);
  for (const rel of BUILD_OUTPUTS)
    execFileSync('cp', ['-a', path.join(root, rel), path.join(dir, rel)]);
  // Stamps last: copying backend/src/generated touches backend/src, an input of the backend build.
  const now = new Date();
  for (const rel of BUILD_OUTPUTS) {
    const stamp = path.join(dir, rel, '.stamp');
    if (fs.existsSync(stamp)) fs.utimesSync(stamp, now, now);
  }
  return dir;
}
