import type { ConsoleGuest } from './console.types';
import { buildSimFs, resolvePath, type SimFs } from './sim-shell-fs';

const KERNEL = '6.14.11-4-pve';
const KERNEL_BUILD = '#1 SMP PREEMPT_DYNAMIC PMX 6.14.11-4 (2025-10-10T08:04Z)';
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HELP = [
  'Simulated shell of the Multpanel PVE simulator. Available commands:',
  '  echo hostname uname uptime ls pwd cd cat whoami id date free df',
  '  stty size clear history help exit',
];

/**
 * A pretend bash for LXC containers and node shells: line editing, history and a handful of
 * commands answered from simulated data. Nothing here ever touches the host.
 */
export class SimShell {
  private line = '';
  private cwd = '/root';
  private cols = 80;
  private rows = 24;
  private escape: string | null = null;
  private lastWasCr = false;
  private readonly history: string[] = [];
  private historyPos = 0;
  private readonly fs: SimFs;
  private readonly hostname: string;
  private readonly bootedAt: number;
  private closed = false;

  constructor(
    private readonly guest: ConsoleGuest,
    private readonly write: (text: string) => void,
    private readonly onExit: () => void,
  ) {
    this.hostname = (guest.kind === 'node' ? guest.node : guest.name || `CT${guest.vmid}`).replace(
      /[^A-Za-z0-9.-]/g,
      '-',
    );
    this.fs = buildSimFs(this.hostname, guest.kind === 'node');
    // A stable pretend boot time: between 1 and 30 days ago, derived from the host name.
    const seed = [...this.hostname].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7);
    this.bootedAt = Date.now() - (86_400 + (seed % (29 * 86_400))) * 1000;
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }

  start(): void {
    const banner =
      this.guest.kind === 'node'
        ? `Linux ${this.hostname} ${KERNEL} ${KERNEL_BUILD} x86_64\r\n\r\nSimulated Proxmox VE node shell (Multpanel simulator).\r\n\r\n`
        : `Simulated console of container ${this.guest.vmid} (Multpanel simulator).\r\n\r\n`;
    this.write(banner + this.prompt());
  }

  resize(cols: number, rows: number): void {
    if (cols > 0 && rows > 0) {
      this.cols = cols;
      this.rows = rows;
    }
  }

  input(data: string): void {
    for (const ch of data) {
      if (this.closed) return;
      this.inputChar(ch);
    }
  }

  private inputChar(ch: string): void {
    if (this.escape !== null) {
      this.escape += ch;
      if (this.escape.length > 1 && /[A-Za-z~]/.test(ch)) this.onEscape(this.escape);
      else if (this.escape.length === 1 && ch !== '[' && ch !== 'O') this.escape = null;
      else if (this.escape.length > 16) this.escape = null;
      return;
    }
    const wasCr = this.lastWasCr;
    this.lastWasCr = ch === '\r';
    switch (ch) {
      case '\r':
        return this.enter();
      case '\n':
        if (!wasCr) this.enter();
        return;
      case '\x7f':
      case '\b':
        if (this.line.length) {
          this.line = [...this.line].slice(0, -1).join('');
          this.write('\b \b');
        }
        return;
      case '\x03':
        this.line = '';
        this.write(`^C\r\n${this.prompt()}`);
        return;
      case '\x04':
        if (!this.line) this.exit();
        return;
      case '\x0c':
        this.write(`\x1b[H\x1b[2J${this.prompt()}${this.line}`);
        return;
      case '\x15':
        this.write('\b \b'.repeat([...this.line].length));
        this.line = '';
        return;
      case '\x1b':
        this.escape = '';
        return;
      default:
        if (ch < ' ') return;
        this.line += ch;
        this.write(ch);
    }
  }

  private onEscape(seq: string): void {
    this.escape = null;
    if (seq !== '[A' && seq !== '[B' && seq !== 'OA' && seq !== 'OB') return;
    const up = seq.endsWith('A');
    const pos = Math.max(0, Math.min(this.history.length, this.historyPos + (up ? -1 : 1)));
    if (pos === this.historyPos) return;
    this.historyPos = pos;
    this.write('\b \b'.repeat([...this.line].length));
    this.line = this.history[pos] ?? '';
    this.write(this.line);
  }

  private enter(): void {
    const line = this.line.trim();
    this.line = '';
    this.write('\r\n');
    if (line) {
      this.history.push(line);
      if (this.history.length > 100) this.history.shift();
    }
    this.historyPos = this.history.length;
    const output = line ? this.run(line) : [];
    if (this.closed) return;
    this.write(output.map((l) => `${l}\r\n`).join('') + this.prompt());
  }

  private prompt(): string {
    const dir =
      this.cwd === '/root'
        ? '~'
        : this.cwd.startsWith('/root/')
          ? `~${this.cwd.slice(5)}`
          : this.cwd;
    return `root@${this.hostname}:${dir}# `;
  }

  private exit(): void {
    this.write('logout\r\n');
    this.closed = true;
    this.onExit();
  }

  private run(line: string): string[] {
    const args = tokenize(line, {
      HOSTNAME: this.hostname,
      USER: 'root',
      HOME: '/root',
      PWD: this.cwd,
      SHELL: '/bin/bash',
    });
    const [cmd, ...rest] = args;
    switch (cmd) {
      case undefined:
        return [];
      case 'echo':
        return rest[0] === '-n' ? [rest.slice(1).join(' ')] : [rest.join(' ')];
      case 'hostname':
        return [this.hostname];
      case 'whoami':
        return ['root'];
      case 'id':
        return ['uid=0(root) gid=0(root) groups=0(root)'];
      case 'pwd':
        return [this.cwd];
      case 'uname':
        return [this.uname(rest)];
      case 'uptime':
        return [this.uptime()];
      case 'date':
        return [formatDate(new Date())];
      case 'free':
        return this.free(rest.includes('-h'));
      case 'df':
        return this.df();
      case 'ls':
        return this.ls(rest);
      case 'cd':
        return this.cd(rest[0] ?? '~');
      case 'cat':
        return this.cat(rest);
      case 'stty':
        return rest[0] === 'size' ? [`${this.rows} ${this.cols}`] : [];
      case 'clear':
        this.write('\x1b[H\x1b[2J');
        return [];
      case 'history':
        return this.history.map((h, i) => `${String(i + 1).padStart(5)}  ${h}`);
      case 'help':
        return HELP;
      case 'true':
      case ':':
        return [];
      case 'exit':
      case 'logout':
        this.exit();
        return [];
      default:
        return [`bash: ${cmd}: command not found`];
    }
  }

  private uname(flags: string[]): string {
    const f = flags.join('').replace(/-/g, '');
    if (!f || f === 's') return 'Linux';
    if (f.includes('a')) return `Linux ${this.hostname} ${KERNEL} ${KERNEL_BUILD} x86_64 GNU/Linux`;
    const parts: string[] = [];
    if (f.includes('s')) parts.push('Linux');
    if (f.includes('n')) parts.push(this.hostname);
    if (f.includes('r')) parts.push(KERNEL);
    if (f.includes('m')) parts.push('x86_64');
    return parts.join(' ');
  }

  private uptime(): string {
    const now = new Date();
    const up = Math.floor((now.getTime() - this.bootedAt) / 60000);
    const days = Math.floor(up / 1440);
    const hm = `${Math.floor((up % 1440) / 60)}:${String(up % 60).padStart(2, '0')}`;
    return ` ${now.toISOString().slice(11, 19)} up ${days} days, ${hm.padStart(5)},  1 user,  load average: 0.08, 0.12, 0.10`;
  }

  private free(human: boolean): string[] {
    const totalMb = this.guest.kind === 'node' ? 128_768 : 2048;
    const used = Math.round(totalMb * 0.31);
    const cache = Math.round(totalMb * 0.22);
    const free = totalMb - used - cache;
    const swap = this.guest.kind === 'node' ? 8191 : 512;
    const fmt = (mb: number) =>
      human ? (mb >= 1024 ? `${(mb / 1024).toFixed(1)}Gi` : `${mb}Mi`) : String(mb);
    const row = (label: string, cells: number[]) =>
      label.padEnd(7) + cells.map((c) => fmt(c).padStart(12)).join('');
    return [
      '               total        used        free      shared  buff/cache   available',
      row('Mem:', [totalMb, used, free, Math.round(totalMb * 0.01), cache, totalMb - used]),
      row('Swap:', [swap, 0, swap]),
    ];
  }

  private df(): string[] {
    const head = 'Filesystem                        Size  Used Avail Use% Mounted on';
    if (this.guest.kind === 'node') {
      return [
        head,
        'udev                               63G     0   63G   0% /dev',
        'tmpfs                              13G  2.1M   13G   1% /run',
        '/dev/mapper/pve-root               94G   12G   78G  14% /',
        'tmpfs                              63G   46M   63G   1% /dev/shm',
        '/dev/fuse                         128M   48K  128M   1% /etc/pve',
      ];
    }
    const dev = `/dev/mapper/pve-vm--${this.guest.vmid}--disk--0`;
    return [
      head,
      `${dev.padEnd(34)}7.8G  1.3G  6.1G  18% /`,
      'none                              492K  4.0K  488K   1% /dev',
      'tmpfs                              16G     0   16G   0% /dev/shm',
    ];
  }

  private ls(args: string[]): string[] {
    const all = args.some((a) => /^-\w*a/.test(a));
    const long = args.some((a) => /^-\w*l/.test(a));
    const targets = args.filter((a) => !a.startsWith('-'));
    const out: string[] = [];
    for (const target of targets.length ? targets : ['.']) {
      const path = resolvePath(this.cwd, target);
      if (this.fs.files.has(path)) {
        out.push(long ? this.longEntry(path, target) : target);
        continue;
      }
      const entries = this.fs.dirs.get(path);
      if (!entries) {
        out.push(`ls: cannot access '${target}': No such file or directory`);
        continue;
      }
      const names = (
        all
          ? ['.', '..', ...(path === '/root' ? ['.bashrc', '.profile'] : []), ...entries]
          : entries
      ).slice();
      if (long) {
        out.push(`total ${names.length * 4}`);
        for (const n of names) out.push(this.longEntry(resolvePath(path, n), n));
      } else if (names.length) out.push(names.join('  '));
    }
    return out;
  }

  private longEntry(path: string, name: string): string {
    const file = this.fs.files.get(path);
    const isDir = file === undefined;
    const size = isDir ? 4096 : Buffer.byteLength(file);
    const mode = isDir ? 'drwxr-xr-x' : '-rw-r--r--';
    return `${mode} ${isDir ? 2 : 1} root root ${String(size).padStart(5)} Nov 21 09:14 ${name}`;
  }

  private cd(target: string): string[] {
    const path = resolvePath(this.cwd, target);
    if (this.fs.files.has(path)) return [`bash: cd: ${target}: Not a directory`];
    if (!this.fs.dirs.has(path)) return [`bash: cd: ${target}: No such file or directory`];
    this.cwd = path;
    return [];
  }

  private cat(args: string[]): string[] {
    const out: string[] = [];
    for (const target of args) {
      const path = resolvePath(this.cwd, target);
      const file = this.fs.files.get(path);
      if (file !== undefined) out.push(...file.replace(/\n$/, '').split('\n'));
      else if (this.fs.dirs.has(path)) out.push(`cat: ${target}: Is a directory`);
      else out.push(`cat: ${target}: No such file or directory`);
    }
    return out;
  }
}

/** Splits a command line like bash would for simple cases: quotes and `$VAR` expansion. */
export function tokenize(line: string, env: Record<string, string>): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '$' && quote === '"') i = expand(line, i, env, (v) => (cur += v));
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === ' ' || ch === '\t') {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
    } else if (ch === '$') {
      i = expand(line, i, env, (v) => (cur += v));
    } else cur += ch;
  }
  if (has || cur) out.push(cur);
  return out;
}

function expand(
  line: string,
  i: number,
  env: Record<string, string>,
  emit: (v: string) => void,
): number {
  const m = /^\$(\{(\w+)\}|(\w+))/.exec(line.slice(i));
  if (!m) {
    emit('$');
    return i;
  }
  emit(env[m[2] ?? m[3]] ?? '');
  return i + m[0].length - 1;
}

export function formatDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}
