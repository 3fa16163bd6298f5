import { spawn, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { WebSocket } from 'ws';
import { buildBootImage } from './boot-image';
import type { ConsoleGuest } from './console.types';
import { QmpClient } from './qmp-client';
import { relayWebSocket } from './relay';
import { guestKey } from './vnc-ticket';

/** Server→client bytes up to the RFB 3.8 SecurityResult: version 12 + types 2 + challenge 16 + 4. */
const AUTH_DONE_BYTES = 34;
const AUTH_WAIT_MS = 5000;
const START_TIMEOUT_MS = 15000;
const DISPLAY_WAIT_MS = 5000;
/** Runs "$0 $@", kills it when stdin reaches EOF, removes its temp dir; exits with its status. */
const WATCHDOG = [
  'exec 3<&0',
  '"$0" "$@" </dev/null &',
  'q=$!',
  '(read _ <&3; kill $q 2>/dev/null) &',
  'w=$!',
  'wait $q; s=$?',
  'kill $w 2>/dev/null',
  'rm -rf "$MP_SIM_QEMU_DIR"',
  'exit $s',
].join('\n');

/** Finds an executable on PATH, or null. */
export function findExecutable(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}

interface QemuInstance {
  key: string;
  proc: ChildProcess;
  dir: string;
  vncPath: string;
  qmp: QmpClient;
  viewers: Set<Socket>;
  stopTimer?: NodeJS.Timeout;
  /** Serializes "set password → connect → client authenticates" so viewers cannot race. */
  queue: Promise<void>;
  exited: boolean;
}

/**
 * Runs one real QEMU per guest on demand (TCG, 64 MiB, VGA, no disk but a tiny boot sector that
 * prints the guest's name), with its VNC server on a unix socket protected by the one-time
 * password, and stops it a little after the last viewer left.
 */
export class QemuManager {
  private readonly instances = new Map<string, Promise<QemuInstance>>();
  private closed = false;

  constructor(
    private readonly binary: string,
    private readonly graceMs: number,
    private readonly maxInstances: number,
    private readonly log: (msg: string) => void,
  ) {}

  /** Resolves once the viewer's bytes flow to QEMU; rejects if QEMU cannot be started. */
  async attach(guest: ConsoleGuest, password: string, ws: WebSocket): Promise<void> {
    const instance = await this.instanceFor(guest);
    if (instance.stopTimer) clearTimeout(instance.stopTimer);
    instance.stopTimer = undefined;
    const turn = instance.queue.then(() => this.connectViewer(instance, password, ws));
    instance.queue = turn.catch(() => undefined);
    try {
      await turn;
    } catch (err) {
      if (instance.viewers.size === 0 && !instance.exited) this.scheduleStop(instance);
      throw err;
    }
  }

  running(): number {
    return this.instances.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.instances.values()];
    this.instances.clear();
    await Promise.all(all.map((p) => p.then((i) => this.stop(i)).catch(() => undefined)));
  }

  private instanceFor(guest: ConsoleGuest): Promise<QemuInstance> {
    if (this.closed) return Promise.reject(new Error('console service closed'));
    const key = guestKey(guest);
    let p = this.instances.get(key);
    if (!p && this.instances.size >= this.maxInstances) {
      return Promise.reject(new Error(`${this.maxInstances} QEMU consoles already running`));
    }
    if (!p) {
      p = this.start(key, guest);
      this.instances.set(key, p);
      p.catch(() => this.instances.delete(key));
    }
    return p;
  }

  private async start(key: string, guest: ConsoleGuest): Promise<QemuInstance> {
    const dir = mkdtempSync(join(tmpdir(), 'mp-sim-qemu-'));
    const vncPath = join(dir, 'vnc.sock');
    const qmpPath = join(dir, 'qmp.sock');
    const image = join(dir, 'boot.img');
    writeFileSync(
      image,
      buildBootImage(
        `\r\nMultpanel PVE simulator\r\n\r\n  ${guest.name} - VM ${guest.vmid} on node ${guest.node}\r\n` +
          `  State: ${guest.status}\r\n\r\n  No operating system is installed; this guest only shows this screen.\r\n`,
      ),
    );
    const name = (guest.name || `vm${guest.vmid}`).replace(/[^A-Za-z0-9._-]/g, '_');
    const args = [
      '-nodefaults',
      '-no-user-config',
      '-machine',
      'pc,accel=tcg',
      '-m',
      '64',
      '-smp',
      '1',
      '-vga',
      'std',
      '-display',
      'none',
      '-vnc',
      `unix:${vncPath},password=on`,
      '-qmp',
      `unix:${qmpPath},server=on,wait=off`,
      '-drive',
      `file=${image},format=raw,if=ide`,
      '-boot',
      'c',
      '-name',
      name,
    ];
    // Through a tiny sh watchdog: if this process dies without cleaning up (SIGKILL, crash), the
    // stdin pipe closes and the watchdog stops QEMU instead of leaving it orphaned.
    const proc = spawn('/bin/sh', ['-c', WATCHDOG, this.binary, ...args], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, MP_SIM_QEMU_DIR: dir },
    });
    proc.stdin?.on('error', () => undefined);
    let stderr = '';
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
    const exited = new Promise<never>((_, reject) => {
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`qemu exited (${code}): ${stderr.trim()}`)));
    });
    exited.catch(() => undefined);
    try {
      const qmp = await Promise.race([waitForQmp(qmpPath), exited]);
      await Promise.race([waitForGuestDisplay(qmp, join(dir, 'screen.ppm')), exited]);
      const instance: QemuInstance = {
        key,
        proc,
        dir,
        vncPath,
        qmp,
        viewers: new Set(),
        queue: Promise.resolve(),
        exited: false,
      };
      proc.once('exit', () => {
        instance.exited = true;
        for (const s of instance.viewers) s.destroy();
        qmp.close();
        this.forget(instance);
        rmSync(dir, { recursive: true, force: true });
      });
      this.log(`console: started QEMU (pid ${proc.pid}) for ${key}`);
      return instance;
    } catch (err) {
      proc.stdin?.end();
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  private async connectViewer(
    instance: QemuInstance,
    password: string,
    ws: WebSocket,
  ): Promise<void> {
    if (instance.exited) throw new Error('qemu is gone');
    // QEMU's VNC authentication only looks at the first 8 characters, like every VNC server.
    await instance.qmp.execute('set_password', { protocol: 'vnc', password: password.slice(0, 8) });
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect(instance.vncPath);
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
    instance.viewers.add(socket);
    socket.on('close', () => {
      instance.viewers.delete(socket);
      if (instance.viewers.size === 0 && !instance.exited) this.scheduleStop(instance);
    });
    // Hold the queue until this client has passed authentication, so the next viewer's
    // set_password cannot change the password under it.
    await new Promise<void>((resolve) => {
      let seen = 0;
      const timer = setTimeout(resolve, AUTH_WAIT_MS);
      relayWebSocket(ws, socket, (n) => {
        seen += n;
        if (seen >= AUTH_DONE_BYTES) {
          clearTimeout(timer);
          resolve();
        }
      });
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private scheduleStop(instance: QemuInstance): void {
    if (instance.stopTimer) clearTimeout(instance.stopTimer);
    instance.stopTimer = setTimeout(() => {
      if (instance.viewers.size === 0) {
        this.forget(instance);
        void this.stop(instance);
      }
    }, this.graceMs);
    instance.stopTimer.unref();
  }

  private forget(instance: QemuInstance): void {
    const current = this.instances.get(instance.key);
    if (!current) return;
    void current.then(
      (i) => {
        if (i === instance) this.instances.delete(instance.key);
      },
      () => undefined,
    );
  }

  private async stop(instance: QemuInstance): Promise<void> {
    if (instance.stopTimer) clearTimeout(instance.stopTimer);
    if (instance.exited) return;
    const gone = new Promise<void>((resolve) => instance.proc.once('exit', () => resolve()));
    instance.qmp.execute('quit').catch(() => undefined);
    // Closing stdin makes the watchdog terminate QEMU if `quit` did not work.
    const kill = setTimeout(() => instance.proc.stdin?.end(), 2000);
    await gone;
    clearTimeout(kill);
    this.log(`console: stopped QEMU for ${instance.key}`);
  }
}

/**
 * Waits until the VGA BIOS replaced QEMU's 640×480 placeholder surface (typically ~200 ms). QEMU 7.2
 * can garble an update that races this first resize for clients that support DesktopSize, so no
 * viewer is connected before it happened.
 */
async function waitForGuestDisplay(qmp: QmpClient, file: string): Promise<void> {
  const deadline = Date.now() + DISPLAY_WAIT_MS;
  while (Date.now() < deadline) {
    try {
      await qmp.execute('screendump', { filename: file });
      const fd = openSync(file, 'r');
      const head = Buffer.alloc(32);
      readSync(fd, head, 0, 32, 0);
      closeSync(fd);
      const m = /^P6\s+(\d+)\s+(\d+)/.exec(head.toString('latin1'));
      if (m && !(m[1] === '640' && m[2] === '480')) return;
    } catch {
      /* not ready yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitForQmp(path: string): Promise<QmpClient> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      return await QmpClient.connect(path);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
