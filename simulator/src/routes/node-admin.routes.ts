import { createHash } from 'node:crypto';
import { PveError, paramError } from '../errors';
import type { Router } from '../router';
import type { RawValue } from '../schema/param-validator';
import { storageStatus } from '../world/storage';
import type { ClusterState } from '../world/types';

// Node administration views: LVM / thin pools / ZFS, storage replication, APT repositories and the
// root-only batch call `execute`.

const GiB = 1024 ** 3;
/** The boot disk's LVM beside the thin pool: root, swap and the free space pveinstaller leaves. */
const ROOT_LV = 96 * GiB;
const SWAP_LV = 8 * GiB;
const VG_FREE = 16 * GiB;

function thinPool(c: ClusterState, node: string) {
  const s = c.storages.find((x) => x.type === 'lvmthin');
  if (!s) return undefined;
  const st = storageStatus(c, s, node);
  const metadata = Math.min(16 * GiB, Math.ceil(s.total / 100 / GiB) * GiB);
  return {
    lv: String(s.thinpool ?? 'data'),
    vg: String(s.vgname ?? 'pve'),
    lv_size: s.total,
    used: st.used,
    metadata_size: metadata,
    metadata_used: Math.round(metadata * (0.02 + (0.3 * st.used) / Math.max(1, s.total))),
  };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Debian trixie and Proxmox VE 9 repositories as a no-subscription install configures them. */
function aptRepositories() {
  const signed = (key: string) => [{ Key: 'Signed-By', Values: [`/usr/share/keyrings/${key}`] }];
  const repo = (
    uris: string,
    suites: string[],
    components: string[],
    enabled: boolean,
    key: string,
  ) => ({
    Types: ['deb'],
    URIs: [uris],
    Suites: suites,
    Components: components,
    Options: signed(key),
    Comment: '',
    FileType: 'sources',
    Enabled: enabled,
  });
  const files = [
    {
      path: '/etc/apt/sources.list.d/debian.sources',
      repositories: [
        repo(
          'http://deb.debian.org/debian/',
          ['trixie', 'trixie-updates'],
          ['main', 'contrib', 'non-free-firmware'],
          true,
          'debian-archive-keyring.gpg',
        ),
        repo(
          'http://security.debian.org/debian-security/',
          ['trixie-security'],
          ['main', 'contrib', 'non-free-firmware'],
          true,
          'debian-archive-keyring.gpg',
        ),
      ],
    },
    {
      path: '/etc/apt/sources.list.d/pve-enterprise.sources',
      repositories: [
        repo(
          'https://enterprise.proxmox.com/debian/pve',
          ['trixie'],
          ['pve-enterprise'],
          false,
          'proxmox-archive-keyring.gpg',
        ),
      ],
    },
    {
      path: '/etc/apt/sources.list.d/proxmox.sources',
      repositories: [
        repo(
          'http://download.proxmox.com/debian/pve',
          ['trixie'],
          ['pve-no-subscription'],
          true,
          'proxmox-archive-keyring.gpg',
        ),
      ],
    },
    {
      path: '/etc/apt/sources.list.d/ceph.sources',
      repositories: [
        repo(
          'http://download.proxmox.com/debian/ceph-squid',
          ['trixie'],
          ['no-subscription'],
          true,
          'proxmox-archive-keyring.gpg',
        ),
      ],
    },
  ].map((f) => ({
    ...f,
    'file-type': 'sources',
    digest: [...sha256(JSON.stringify(f.repositories))],
  }));
  const infos = files.flatMap((f) =>
    f.repositories.flatMap((r, i) => {
      const origin = r.URIs[0].includes('proxmox.com') ? 'Proxmox' : 'Debian';
      const out: Array<Record<string, string>> = [
        { path: f.path, index: String(i), kind: 'origin', message: origin },
      ];
      if (r.Enabled && r.Components.some((c) => /no-subscription/.test(c)))
        out.push({
          path: f.path,
          index: String(i),
          kind: 'warning',
          property: 'Components',
          message: 'the no-subscription repository is not recommended for production use',
        });
      return out;
    }),
  );
  return {
    files,
    errors: [],
    infos,
    digest: createHash('sha256').update(JSON.stringify(files)).digest('hex'),
    'standard-repos': [
      { handle: 'enterprise', name: 'Enterprise', status: false },
      { handle: 'no-subscription', name: 'No-Subscription', status: true },
      { handle: 'test', name: 'Test' },
      { handle: 'ceph-squid-enterprise', name: 'Ceph Squid Enterprise' },
      { handle: 'ceph-squid-no-subscription', name: 'Ceph Squid No-Subscription', status: true },
      { handle: 'ceph-squid-test', name: 'Ceph Squid Test' },
    ],
  };
}

interface Command {
  path: string;
  method: string;
  args?: Record<string, RawValue>;
}

/** pve-command-batch: a JSON array of {path, method, args?}. */
function parseCommands(text: string): Command[] {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (e) {
    throw paramError({
      commands: `commands param did not contain valid JSON: ${(e as Error).message}`,
    });
  }
  const valid =
    Array.isArray(list) &&
    list.every(
      (x: Record<string, unknown>) =>
        x &&
        typeof x === 'object' &&
        typeof x.path === 'string' &&
        /^(GET|POST|PUT|DELETE)$/.test(String(x.method)) &&
        (x.args === undefined || (typeof x.args === 'object' && !Array.isArray(x.args))),
    );
  if (!valid) throw paramError({ commands: 'commands is not a valid array of commands' });
  return list as Command[];
}

export function registerNodeAdminRoutes(r: Router): void {
  r.add('GET', '/nodes/{node}/disks/lvm', (ctx) => {
    const pool = thinPool(ctx.c, String(ctx.p.node));
    if (!pool) return { leaf: 0, children: [] };
    const size = pool.lv_size + 2 * pool.metadata_size + ROOT_LV + SWAP_LV + VG_FREE;
    return {
      leaf: 0,
      children: [
        {
          name: pool.vg,
          size,
          free: VG_FREE,
          leaf: 0,
          children: [{ name: '/dev/nvme0n1p3', size, free: VG_FREE, leaf: 1 }],
        },
      ],
    };
  });
  r.add('GET', '/nodes/{node}/disks/lvmthin', (ctx) => {
    const pool = thinPool(ctx.c, String(ctx.p.node));
    return pool ? [pool] : [];
  });
  // The simulated nodes boot from LVM; no ZFS pool exists, so `zpool list` has nothing to show.
  r.add('GET', '/nodes/{node}/disks/zfs', () => []);

  // Storage replication needs ZFS volumes; none here, so there are no jobs (as /cluster/replication).
  r.add('GET', '/nodes/{node}/replication', (ctx) => {
    if (ctx.p.guest !== undefined) ctx.rt.guest(String(ctx.p.node), Number(ctx.p.guest));
    return [];
  });

  r.add('GET', '/nodes/{node}/apt/repositories', () => aptRepositories());

  r.add('POST', '/nodes/{node}/execute', async (ctx) => {
    const commands = parseCommands(String(ctx.p.commands));
    const out: Array<Record<string, unknown>> = [];
    for (const cmd of commands) {
      const path = `/nodes/${ctx.p.node}/${cmd.path.replace(/^\/+/, '')}`;
      try {
        const data = await ctx.call!(cmd.method, path, cmd.args ?? {});
        out.push({ status: 200, data: data ?? null });
      } catch (e) {
        const err = e instanceof PveError ? e : new PveError(500, String(e));
        out.push({
          status: err.status === 501 ? 500 : err.status,
          message: err.status === 501 ? `no handler for '${path.slice(1)}'\n` : `${err.message}\n`,
          ...(err.errors ? { errors: err.errors } : {}),
        });
      }
    }
    return out;
  });
}
