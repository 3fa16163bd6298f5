import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sshSkipReason } from '../integration/ssh-keys-harness';
import { freePort } from './free-port';

// The pieces of a real deployment target that need no Nest app: a bare git repository served by
// `git daemon` on loopback, the app it holds, and the supervised apps' clean-up. The integration
// harness (integration/deployments-harness.ts), the bench and the browser test share them.

export const GIT_DAEMON = '/usr/lib/git-core/git-daemon';

export function deploySkipReason(): string | null {
  return (
    sshSkipReason() ??
    (existsSync(GIT_DAEMON) ? null : `${GIT_DAEMON} missing (apt-get install git)`) ??
    null
  );
}

export { freePort };

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ port, host: '127.0.0.1' });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The app's source: answers `<label> <commit> <greeting>` on every path. */
export function appSource(label: string): string {
  return [
    "const http = require('http');",
    'http',
    '  .createServer((req, res) => {',
    `    res.end(['${label}', process.env.MULTPANEL_COMMIT, process.env.APP_GREETING].join(' '));`,
    '  })',
    "  .listen(Number(process.env.PORT), '0.0.0.0');",
    '',
  ].join('\n');
}

/** A bare repository served by git daemon, with a work tree to commit and push from. */
export class GitFixture {
  dir = '';
  port = 0;
  private proc?: ChildProcess;
  get work() {
    return join(this.dir, 'work');
  }
  get url() {
    return `git://127.0.0.1:${this.port}/app.git`;
  }

  async start(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'mp-git-'));
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', join(this.dir, 'app.git')]);
    execFileSync('git', ['init', '-q', '-b', 'main', this.work]);
    this.git('config', 'user.email', 'dev@example.test');
    this.git('config', 'user.name', 'Dev Eloper');
    this.git('remote', 'add', 'origin', join(this.dir, 'app.git'));
    writeFileSync(
      join(this.work, 'package.json'),
      JSON.stringify({ name: 'mp-test-app', version: '1.0.0', private: true }, null, 2),
    );
    this.port = await freePort();
    this.proc = spawn(
      GIT_DAEMON,
      [
        '--reuseaddr',
        '--export-all',
        `--base-path=${this.dir}`,
        '--listen=127.0.0.1',
        `--port=${this.port}`,
        this.dir,
      ],
      { stdio: 'ignore' },
    );
    await waitForPort(this.port);
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-C', this.work, ...args])
      .toString()
      .trim();
  }

  /** Commits the app answering `label` and pushes it; returns the commit. */
  push(label: string, message = `app ${label}`): string {
    return this.pushSource(appSource(label), message);
  }

  /** Commits `source` as the app's index.js and pushes it; returns the commit. */
  pushSource(source: string, message: string): string {
    writeFileSync(join(this.work, 'index.js'), source);
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
    this.git('push', '-q', 'origin', 'main');
    return this.git('rev-parse', 'HEAD');
  }

  async stop(): Promise<void> {
    if (this.proc && this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc!.once('exit', r));
      this.proc.kill('SIGTERM');
      await exited;
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

export function githubSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The directory of app `name` under the SSH user's home (where the deploy job puts it). */
export function appDirOf(home: string, name: string): string {
  return join(home, 'multpanel', 'apps', name);
}

/** Kills the process runner's supervisors (their process groups, by the pid files they wrote). */
export function killApps(home: string, names: Iterable<string>): void {
  for (const name of new Set(names)) {
    const pidFile = join(appDirOf(home, name), 'app.pid');
    if (!existsSync(pidFile)) continue;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    try {
      if (pid > 1) process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
