import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** VMware's vSphere simulator (govmomi), built once from test-peers/vcsim with Debian's Go packages. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const SOURCE = join(REPO_ROOT, 'test-peers', 'vcsim', 'main.go');
const CACHE = join(REPO_ROOT, '.cache', 'vcsim');
const BINARY = join(CACHE, 'vcsim');
const GOPATH = '/usr/share/gocode';

function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why vcsim cannot run here (then its tests are skipped), or null. */
export function vcsimSkipReason(): string | null {
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= statSync(SOURCE).mtimeMs) return null;
  if (!hasGo()) return 'Go is not installed (apt-get install golang-go)';
  if (!existsSync(join(GOPATH, 'src/github.com/vmware/govmomi/simulator')))
    return 'govmomi is not installed (apt-get install golang-github-vmware-govmomi-dev)';
  return null;
}

/** Builds the binary unless the cached one is newer than main.go (a first build takes minutes). */
export function buildVcsim(): string {
  if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= statSync(SOURCE).mtimeMs) return BINARY;
  mkdirSync(CACHE, { recursive: true });
  const tmp = `${BINARY}.${process.pid}.tmp`;
  execFileSync('go', ['build', '-o', tmp, SOURCE], {
    cwd: join(REPO_ROOT, 'test-peers', 'vcsim'),
    env: {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH,
      // Go's per-user cache (as scripts/lib/vcsim.mjs): a fresh clone reuses earlier compilations.
      GOCACHE: process.env.GOCACHE || join(homedir(), '.cache', 'go-build'),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  renameSync(tmp, BINARY);
  return BINARY;
}

export interface VcsimOptions {
  user?: string;
  password?: string;
  mode?: 'esx' | 'vcenter';
  vms?: number;
}

export interface Vcsim {
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** SHA-256 of the served certificate, AA:BB:… */
  fingerprint: string;
  stop(): Promise<void>;
}

/** Starts vcsim with TLS on a free port of 127.0.0.1 and waits for its address line. */
export async function startVcsim(opts: VcsimOptions = {}): Promise<Vcsim> {
  const bin = buildVcsim();
  const user = opts.user ?? 'root';
  const password = opts.password ?? 'vcsim-secret';
  const child: ChildProcess = spawn(
    bin,
    [
      '-listen=127.0.0.1:0',
      `-user=${user}`,
      `-password=${password}`,
      `-mode=${opts.mode ?? 'esx'}`,
      `-vms=${opts.vms ?? 2}`,
      '-tls=true',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const first = await new Promise<string>((done, fail) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail(new Error(`vcsim did not start: ${stderr}`)), 60_000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      done(line);
    });
    child.once('exit', (code) => fail(new Error(`vcsim exited (${code}): ${stderr}`)));
  });
  const info = JSON.parse(first) as { url: string; fingerprint: string };
  const u = new URL(info.url);
  return {
    url: info.url,
    host: u.hostname,
    port: Number(u.port),
    user,
    password,
    fingerprint: info.fingerprint,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
