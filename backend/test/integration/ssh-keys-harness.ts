import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { freePort } from '../helpers/free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A real OpenSSH server on a loopback port, logging in as a throwaway local user. This machine's own
// accounts (root, /root/.ssh) are never touched.

export const SSHD = '/usr/sbin/sshd';

/** Why the SSH tests cannot run here, or null when they can. */
export function sshSkipReason(): string | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return 'needs root (creates a throwaway user for sshd)';
  }
  if (!existsSync(SSHD)) return `${SSHD} missing (apt-get install openssh-server)`;
  try {
    execFileSync('which', ['useradd', 'chpasswd', 'ssh-keygen']);
  } catch {
    return 'useradd/chpasswd/ssh-keygen missing';
  }
  return null;
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createConnection({ port, host: '127.0.0.1' });
      s.once('data', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`sshd did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export class SshdFixture {
  private proc?: ChildProcess;
  private dir = '';
  user = '';
  password = '';
  port = 0;
  home = '';
  stderr = '';
  /** SHA256:… of the server's host key, as ssh-keygen prints it. */
  hostKeyFingerprint = '';

  async start(): Promise<void> {
    this.user = `mp-ssh-${randomBytes(4).toString('hex')}`;
    this.password = `pw-${randomBytes(9).toString('base64url')}`;
    execFileSync('useradd', ['-m', '-s', '/bin/bash', this.user]);
    execFileSync('chpasswd', { input: `${this.user}:${this.password}\n` });
    this.home = execFileSync('sh', ['-c', `getent passwd ${this.user} | cut -d: -f6`])
      .toString()
      .trim();

    this.dir = mkdtempSync(join(tmpdir(), 'mp-sshd-'));
    const hostKey = join(this.dir, 'host_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-f', hostKey, '-N', '']);
    this.hostKeyFingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${hostKey}.pub`])
      .toString()
      .split(' ')[1];
    this.port = await freePort();
    const config = join(this.dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `Port ${this.port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `PidFile ${join(this.dir, 'sshd.pid')}`,
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'AuthorizedKeysFile .ssh/authorized_keys',
        'UsePAM yes',
        'StrictModes no',
        `AllowUsers ${this.user}`,
        'MaxStartups 100:30:200',
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    this.proc = spawn(SSHD, ['-D', '-f', config, '-e'], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    await waitForPort(this.port);
  }

  get authorizedKeysPath(): string {
    return join(this.home, '.ssh', 'authorized_keys');
  }

  authorizedKeys(): string[] {
    if (!existsSync(this.authorizedKeysPath)) return [];
    return readFileSync(this.authorizedKeysPath, 'utf8')
      .split('\n')
      .filter((l) => l.trim());
  }

  writeAuthorizedKeys(lines: string[]): void {
    mkdirSync(join(this.home, '.ssh'), { recursive: true });
    writeFileSync(this.authorizedKeysPath, lines.map((l) => `${l}\n`).join(''));
    // Written as root here; the node's own user must own it, as on a real host.
    execFileSync('chown', ['-R', `${this.user}:`, join(this.home, '.ssh')]);
  }

  async stop(): Promise<void> {
    if (this.proc && this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc!.once('exit', r));
      this.proc.kill('SIGTERM');
      await exited;
    }
    if (this.user) {
      try {
        // -f: a session child of sshd may still be closing.
        execFileSync('userdel', ['-f', '-r', this.user], { stdio: 'ignore' });
      } catch {
        /* already gone */
      }
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
