// Small process helpers: run a command to completion, or start a long-lived child we can stop later.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { SetupError } from './log.mjs';

/** Runs a command with inherited output; throws a SetupError on non-zero exit. */
export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (res.error) throw new SetupError(`could not run ${cmd}: ${res.error.message}`);
  if (res.status !== 0) throw new SetupError(`${cmd} ${args.join(' ')} exited with ${res.status}`);
  return res;
}

/** Runs a command and returns its exit status without throwing. */
export function tryRun(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'ignore', ...opts });
  return res.error ? -1 : res.status;
}

export function commandExists(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

const TAIL_LINES = 30;

/**
 * Starts a long-running child process whose output is prefixed with its name. Its last lines are kept
 * (also when `silent`) so a failed start can show the child's own error: `child.tail()`. A silent
 * child still prints the lines `echo` (a RegExp) matches: a test run's log then shows a service's
 * unexpected errors next to the test that met them.
 */
export function startChild(name, cmd, args, opts = {}) {
  const { echo: _echo, ...spawnOpts } = opts;
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOpts });
  const prefix = `[${name}] `;
  const tail = [];
  const pipe = (stream, out) => {
    let buf = '';
    stream.on('data', (chunk) => {
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const line of lines) {
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
        if (!opts.silent || opts.echo?.test(line)) out.write(prefix + line + '\n');
      }
    });
  };
  pipe(child.stdout, process.stdout);
  pipe(child.stderr, process.stderr);
  child.processName = name;
  child.tail = () => [...tail];
  // 'exit' can come before the last output is read; 'close' comes after it (and after 'exit').
  child.outputDone = new Promise((resolve) => child.once('close', resolve));
  return child;
}

/** "name exited with code 1" or "name was killed by SIGKILL" once a child has ended, else null. */
export function exitReason(child) {
  if (child.exitCode !== null) return `${child.processName} exited with code ${child.exitCode}`;
  if (child.signalCode !== null) return `${child.processName} was killed by ${child.signalCode}`;
  return null;
}

/** A hint made of the children's last output lines, for a SetupError. */
export function tailHint(children) {
  const parts = children
    .filter((c) => c.tail().length)
    .map(
      (c) =>
        `Last output of ${c.processName}:\n` +
        c
          .tail()
          .map((l) => `    ${l}`)
          .join('\n'),
    );
  return parts.length ? parts.join('\n  ') : 'It printed nothing.';
}

/**
 * Waits until `check()` is true while the children run. Fails at once when one of them exits, and on
 * time-out, with the children's last output as the hint (instead of a bare time-out).
 */
export async function waitForChildren(children, check, { timeoutMs, intervalMs = 250, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ended = children.map(exitReason).filter(Boolean);
    if (ended.length) {
      // The hint is the ended child's own last words: wait (briefly) until they have been read.
      const gone = children.filter((c) => exitReason(c) && c.outputDone);
      await Promise.race([
        Promise.all(gone.map((c) => c.outputDone)),
        new Promise((r) => setTimeout(r, 3000)),
      ]);
      throw new SetupError(`${ended.join(', ')} while waiting for ${what}`, tailHint(children));
    }
    if (await check()) return;
    if (Date.now() > deadline)
      throw new SetupError(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`,
        tailHint(children),
      );
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Stops children with SIGTERM, then SIGKILL after a grace period. */
export async function stopChildren(children, graceMs = 5000) {
  await Promise.all(
    children
      .filter((c) => c && c.exitCode === null && c.signalCode === null)
      .map(
        (c) =>
          new Promise((resolve) => {
            const timer = setTimeout(() => c.kill('SIGKILL'), graceMs);
            c.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            c.kill('SIGTERM');
          }),
      ),
  );
}

export function portOpen(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

export async function waitFor(
  check,
  { timeoutMs = 30000, intervalMs = 250, what = 'condition' } = {},
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new SetupError(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Asks the OS for a free TCP port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
