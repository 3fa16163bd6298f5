// Build outputs kept per release commit, so a rollback restores the exact build it left instead of
// rebuilding (faster, and it cannot fail on a build error).
import fs from 'node:fs';
import path from 'node:path';

export const BUILD_OUTPUTS = [
  'backend/src/generated',
  'backend/dist',
  'contracts/dist',
  'simulator/dist',
  'frontend/dist',
];
const KEEP = 4;

export class BuildCache {
  constructor(appDir, buildsDir) {
    this.appDir = appDir;
    this.buildsDir = buildsDir;
  }

  dirFor(commit) {
    return path.join(this.buildsDir, commit);
  }

  has(commit) {
    return fs.existsSync(path.join(this.dirFor(commit), '.complete'));
  }

  /** Copies the current build outputs (they belong to `commit`). */
  save(commit) {
    if (this.has(commit)) return false;
    const dest = this.dirFor(commit);
    fs.rmSync(dest, { recursive: true, force: true });
    for (const rel of BUILD_OUTPUTS) {
      const src = path.join(this.appDir, rel);
      if (fs.existsSync(src))
        fs.cpSync(src, path.join(dest, rel), { recursive: true, preserveTimestamps: true });
    }
    fs.writeFileSync(path.join(dest, '.complete'), new Date().toISOString());
    this.prune(commit);
    return true;
  }

  /** Puts a saved build back in place; stamps are refreshed so the next build sees it as current. */
  restore(commit) {
    if (!this.has(commit)) return false;
    for (const rel of BUILD_OUTPUTS) {
      const src = path.join(this.dirFor(commit), rel);
      const dest = path.join(this.appDir, rel);
      fs.rmSync(dest, { recursive: true, force: true });
      if (!fs.existsSync(src)) continue;
      fs.cpSync(src, dest, { recursive: true, preserveTimestamps: true });
    }
    // After every copy: copying backend/src/generated touches backend/src, an input of the backend.
    const now = new Date();
    for (const rel of BUILD_OUTPUTS) {
      const stamp = path.join(this.appDir, rel, '.stamp');
      if (fs.existsSync(stamp)) fs.utimesSync(stamp, now, now);
    }
    return true;
  }

  prune(keep) {
    const entries = fs
      .readdirSync(this.buildsDir)
      .map((name) => ({ name, mtime: fs.statSync(path.join(this.buildsDir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const e of entries.slice(KEEP))
      if (e.name !== keep)
        fs.rmSync(path.join(this.buildsDir, e.name), { recursive: true, force: true });
  }
}
