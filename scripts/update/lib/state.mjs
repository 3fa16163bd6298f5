// Update runs on disk (outside the database, which a rollback replaces): runs/<id>.json (the run and
// its steps), runs/<id>.log (JSON lines), a lock naming the running engine, backups/ and builds/.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export class StateDir {
  constructor(dir) {
    this.dir = dir;
    this.runsDir = path.join(dir, 'runs');
    this.backupsDir = path.join(dir, 'backups');
    this.buildsDir = path.join(dir, 'builds');
    this.lockFile = path.join(dir, 'lock');
  }

  ensure() {
    for (const d of [this.dir, this.runsDir, this.backupsDir, this.buildsDir])
      fs.mkdirSync(d, { recursive: true, mode: 0o750 });
    return this;
  }

  newRunId() {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    return `${stamp}-${randomBytes(3).toString('hex')}`;
  }

  runFile(id) {
    if (!/^[\w-]+$/.test(id)) throw new Error(`bad run id: ${id}`);
    return path.join(this.runsDir, `${id}.json`);
  }

  logFile(id) {
    return this.runFile(id).replace(/\.json$/, '.log');
  }

  readRun(id) {
    const f = this.runFile(id);
    return fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null;
  }

  writeRun(run) {
    const f = this.runFile(run.id);
    fs.writeFileSync(`${f}.tmp`, JSON.stringify(run, null, 2));
    fs.renameSync(`${f}.tmp`, f);
  }

  appendLog(id, entry) {
    fs.appendFileSync(this.logFile(id), JSON.stringify(entry) + '\n');
  }

  readLog(id, afterSeq = 0) {
    const f = this.logFile(id);
    if (!fs.existsSync(f)) return [];
    return fs
      .readFileSync(f, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((e) => e.seq > afterSeq);
  }

  /** Runs newest first. */
  listRuns() {
    if (!fs.existsSync(this.runsDir)) return [];
    return fs
      .readdirSync(this.runsDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(this.runsDir, f), 'utf8')))
      .sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1));
  }

  /** The run holding the lock while its engine process lives; a stale lock is removed. */
  activeRun() {
    if (!fs.existsSync(this.lockFile)) return null;
    let lock;
    try {
      lock = JSON.parse(fs.readFileSync(this.lockFile, 'utf8'));
    } catch {
      return null; // being written
    }
    if (lock.pid && !alive(lock.pid)) {
      const run = this.readRun(lock.runId);
      if (run && run.status === 'running') {
        this.writeRun({
          ...run,
          status: 'failed',
          error: 'the update engine stopped unexpectedly',
          finishedAt: new Date().toISOString(),
        });
      }
      fs.rmSync(this.lockFile, { force: true });
      return null;
    }
    return lock;
  }

  /** Takes the lock for a run; false when another run holds it. */
  tryLock(runId, pid) {
    this.ensure();
    if (this.activeRun()) return false;
    try {
      fs.writeFileSync(this.lockFile, JSON.stringify({ runId, pid }), { flag: 'wx' });
      return true;
    } catch {
      return false;
    }
  }

  /** Hands the lock to another process (the detached engine). */
  moveLock(runId, pid) {
    fs.writeFileSync(`${this.lockFile}.tmp`, JSON.stringify({ runId, pid }));
    fs.renameSync(`${this.lockFile}.tmp`, this.lockFile);
  }

  unlock(runId) {
    try {
      const lock = JSON.parse(fs.readFileSync(this.lockFile, 'utf8'));
      if (lock.runId === runId) fs.rmSync(this.lockFile, { force: true });
    } catch {
      // already gone
    }
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}
