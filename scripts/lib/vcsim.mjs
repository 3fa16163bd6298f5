// Builds VMware's simulator (test-peers/vcsim) in the background while the first suites run: its first
// build takes minutes on 2 cores, and the backend's ESXi tests would otherwise wait for it in series.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './deps.mjs';
import { commandExists } from './proc.mjs';

const GOPATH = '/usr/share/gocode';
const SOURCE = path.join(ROOT, 'test-peers', 'vcsim', 'main.go');
const BINARY = path.join(ROOT, '.cache', 'vcsim', 'vcsim');

/** Go's own per-user build cache, so that a fresh clone reuses what an earlier build compiled. */
export function goCacheDir() {
  return process.env.GOCACHE || path.join(os.homedir(), '.cache', 'go-build');
}

/** Resolves when the binary is current (or cannot be built here; the tests then say why they skip). */
export function prebuildVcsim() {
  const fresh = fs.existsSync(BINARY) && fs.statSync(BINARY).mtimeMs >= fs.statSync(SOURCE).mtimeMs;
  const canBuild =
    commandExists('go') &&
    fs.existsSync(path.join(GOPATH, 'src/github.com/vmware/govmomi/simulator'));
  if (fresh || !canBuild) return Promise.resolve();
  fs.mkdirSync(path.dirname(BINARY), { recursive: true });
  const tmp = `${BINARY}.${process.pid}.tmp`;
  return new Promise((resolve) => {
    const child = spawn('go', ['build', '-o', tmp, SOURCE], {
      cwd: path.dirname(SOURCE),
      env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: goCacheDir() },
      stdio: 'ignore',
    });
    child.on('error', () => resolve());
    child.on('exit', (code) => {
      // On failure the backend's own build runs again and reports the compiler's message.
      if (code === 0) fs.renameSync(tmp, BINARY);
      resolve();
    });
  });
}
