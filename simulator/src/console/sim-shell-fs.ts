/** The tiny read-only file tree the simulated shell shows. Directories map to child names. */
export interface SimFs {
  dirs: Map<string, string[]>;
  files: Map<string, string>;
}

export const OS_RELEASE = [
  'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"',
  'NAME="Debian GNU/Linux"',
  'VERSION_ID="13"',
  'VERSION="13 (trixie)"',
  'VERSION_CODENAME=trixie',
  'DEBIAN_VERSION_FULL=13.1',
  'ID=debian',
  'HOME_URL="https://www.debian.org/"',
  'SUPPORT_URL="https://www.debian.org/support"',
  'BUG_REPORT_URL="https://bugs.debian.org/"',
  '',
].join('\n');

export function buildSimFs(hostname: string, isNode: boolean): SimFs {
  const dirs = new Map<string, string[]>([
    [
      '/',
      [
        'bin',
        'boot',
        'dev',
        'etc',
        'home',
        'lib',
        'opt',
        'proc',
        'root',
        'run',
        'srv',
        'sys',
        'tmp',
        'usr',
        'var',
      ],
    ],
    ['/root', ['README.txt']],
    [
      '/etc',
      ['hostname', 'hosts', 'os-release', 'resolv.conf', 'debian_version'].concat(
        isNode ? ['pve'] : [],
      ),
    ],
    ['/home', []],
    ['/tmp', []],
    ['/opt', []],
    ['/srv', []],
    ['/var', ['cache', 'lib', 'log', 'tmp']],
    ['/usr', ['bin', 'lib', 'local', 'sbin', 'share']],
  ]);
  if (isNode)
    dirs.set('/etc/pve', ['corosync.conf', 'datacenter.cfg', 'nodes', 'storage.cfg', 'user.cfg']);
  const files = new Map<string, string>([
    ['/etc/hostname', `${hostname}\n`],
    ['/etc/hosts', `127.0.0.1 localhost\n127.0.1.1 ${hostname}\n`],
    ['/etc/os-release', OS_RELEASE],
    ['/etc/debian_version', '13.1\n'],
    ['/etc/resolv.conf', 'search sim.local\nnameserver 10.0.0.1\n'],
    [
      '/root/README.txt',
      'This is a simulated shell provided by the Multpanel Proxmox VE simulator.\nNo command runs on a real host.\n',
    ],
  ]);
  return { dirs, files };
}

/** Resolves `target` against `cwd` (handles `.`, `..`, `~`). */
export function resolvePath(cwd: string, target: string): string {
  const raw = target.startsWith('~') ? `/root${target.slice(1)}` : target;
  const parts = (raw.startsWith('/') ? raw : `${cwd}/${raw}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}
