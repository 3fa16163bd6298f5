import { guestPriv, hasPriv, isRoot } from '../auth/acl';
import { PveError, forbidden, paramError } from '../errors';
import type { Router, RouteCtx } from '../router';
import { configDigest } from '../runtime';
import {
  LXC_DISK,
  QEMU_DISK,
  allocateDisks,
  applyConfigUpdate,
  applyPending,
  checkHostpci,
  checkKeyPrivs,
  diskSize,
  regenerateMacs,
  withSize,
} from '../world/guest-config';
import {
  guestCpus,
  guestMaxMem,
  guestUsage,
  nodeMemUsed,
  parseSize,
  rrdSeries,
} from '../world/metrics';
import { assertAgentAvailable, guestAgentRunning } from '../world/agent';
import { canonicalizeConfig, qemuCreateDefaults } from '../world/canonical';
import { noise } from '../world/random';
import { attachSshEndpoint, bootSshEndpoint } from '../world/ssh-endpoint';
import { esxiDiskPath, esxiGuestsOf, guestStorages, storageOrFail } from '../world/storage';
import type { Config, Guest, GuestType } from '../world/types';
import { bool, index, now, splitList } from './helpers';

type Kind = GuestType;
const KINDS: Kind[] = ['qemu', 'lxc'];
const label = (k: Kind) => (k === 'qemu' ? 'VM' : 'CT');
const tt = (k: Kind, qm: string, vz = qm) => (k === 'qemu' ? `qm${qm}` : `vz${vz}`);

/** Parameters of create/config calls that are not configuration keys. */
const NON_CONFIG = new Set([
  'node',
  'vmid',
  'archive',
  'storage',
  'force',
  'unique',
  'pool',
  'start',
  'live-restore',
  'bwlimit',
  'import-working-storage',
  'ostemplate',
  'password',
  'ssh-public-keys',
  'restore',
  'ignore-unpack-errors',
  'digest',
  'delete',
  'revert',
  'skiplock',
  'background_delay',
  'ha-managed',
]);

function configKeys(p: Record<string, unknown>): Config {
  const out: Config = {};
  for (const [k, v] of Object.entries(p))
    if (!NON_CONFIG.has(k) && v !== undefined) out[k] = v as string | number;
  return out;
}

/** qemu-server never shows the stored (hashed) cloud-init password. */
function maskPassword(cfg: Record<string, unknown>): Record<string, unknown> {
  if (cfg.cipassword !== undefined) cfg.cipassword = '**********';
  return cfg;
}

function getGuest(ctx: RouteCtx, kind: Kind): Guest {
  return ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), kind);
}

function listItem(g: Guest, t = Date.now()) {
  const u = guestUsage(g, t);
  const o: Record<string, unknown> = {
    vmid: g.vmid,
    name: String(g.config.name ?? g.config.hostname ?? ''),
    status: g.status,
    cpus: guestCpus(g),
    cpu: u.cpu,
    mem: u.mem,
    maxmem: u.maxmem,
    disk: u.disk,
    maxdisk: u.maxdisk,
    netin: u.netin,
    netout: u.netout,
    diskread: u.diskread,
    diskwrite: u.diskwrite,
    uptime: u.uptime,
    type: g.type,
  };
  if (g.type === 'lxc') o.maxswap = Number(g.config.swap ?? 512) * 1024 * 1024;
  if (g.config.template) o.template = 1;
  if (g.lock) o.lock = g.lock;
  if (g.config.tags) o.tags = String(g.config.tags);
  if (g.status === 'running') {
    o.pid = 10000 + (g.vmid % 50000);
    if (g.type === 'qemu') {
      o.qmpstatus = g.qmpstatus ?? 'running';
      o['running-machine'] = 'pc-i440fx-9.2+pve1';
      o['running-qemu'] = '9.2.0';
      o.memhost = u.mem;
      o.pressurecpusome = Number((noise(g.vmid, 3) * 2).toFixed(2));
      o.pressurecpufull = 0;
      o.pressureiosome = 0;
      o.pressureiofull = 0;
      o.pressurememorysome = 0;
      o.pressurememoryfull = 0;
    }
  } else if (g.type === 'qemu') o.qmpstatus = 'stopped';
  if (g.type === 'qemu' && g.qmpstatus && g.status === 'running') o.status = 'running';
  return o;
}

function assertAllocate(ctx: RouteCtx, vmid: number, pool?: string): void {
  const { c, auth } = ctx;
  if (hasPriv(c, auth, `/vms/${vmid}`, ['VM.Allocate'])) return;
  if (pool && hasPriv(c, auth, `/pool/${pool}`, ['VM.Allocate'])) return;
  throw forbidden(`/vms/${vmid}, VM.Allocate`);
}

function assertStorageSpace(ctx: RouteCtx, storages: string[]): void {
  for (const s of storages)
    if (!hasPriv(ctx.c, ctx.auth, `/storage/${s}`, ['Datastore.AllocateSpace']))
      throw forbidden(`/storage/${s}, Datastore.AllocateSpace`);
}

/** qemu-server's update_vm_api: every device of `boot: order=` must exist and not be deleted. */
function checkBootOrder(g: Guest, set: Config, del: string[]): void {
  const order = /(?:^|,)order=([^,]*)/.exec(String(set.boot))?.[1];
  for (const dev of (order ?? '').split(/[;,\s]+/).filter(Boolean)) {
    const exists = g.config[dev] ?? g.pending[dev] ?? set[dev];
    if (exists === undefined || del.includes(dev))
      throw new PveError(500, `invalid bootorder: device '${dev}' does not exist'`);
  }
}

function assertBridges(ctx: RouteCtx, config: Config): void {
  if (ctx.auth.user === 'root@pam' && !ctx.auth.tokenid) return;
  for (const [k, v] of Object.entries(config)) {
    if (!/^net\d+$/.test(k)) continue;
    const bridge = /(?:^|,)bridge=([^,]+)/.exec(String(v))?.[1];
    if (!bridge) continue;
    const tag = /(?:^|,)tag=(\d+)/.exec(String(v))?.[1];
    const vnet = ctx.c.sdn.vnets[bridge];
    const zone = vnet ? String(vnet.zone) : 'localnetwork';
    const base = `/sdn/zones/${zone}/${bridge}`;
    if (!hasPriv(ctx.c, ctx.auth, tag ? `${base}/${tag}` : base, ['SDN.Use']))
      throw forbidden(`${base}, SDN.Use`);
  }
}

function addToPool(ctx: RouteCtx, g: Guest, pool?: string): void {
  if (!pool) return;
  if (!ctx.c.pools[pool]) throw new PveError(500, `no such pool '${pool}'`);
  g.pool = pool;
}

function purgeReferences(ctx: RouteCtx, vmid: number): void {
  for (const job of Object.values(ctx.c.backupJobs)) {
    if (!job.vmid) continue;
    const rest = splitList(job.vmid).filter((v) => Number(v) !== vmid);
    if (rest.length) job.vmid = rest.join(',');
    else delete job.vmid;
  }
  ctx.c.acls = ctx.c.acls.filter((a) => a.path !== `/vms/${vmid}`);
}

function memCheck(ctx: RouteCtx, g: Guest, node: string): void {
  const n = ctx.rt.node(node);
  const free = n.maxmem - nodeMemUsed(ctx.c, node);
  if (guestMaxMem(g) > free) {
    if (g.type === 'qemu')
      throw new PveError(
        500,
        `start failed: QEMU exited with code 1\nkvm: cannot set up guest memory 'pc.ram': Cannot allocate memory`,
      );
    throw new PveError(
      500,
      `startup for container '${g.vmid}' failed: not enough memory on node '${node}'`,
    );
  }
}

function doStart(ctx: RouteCtx, g: Guest, skiplock?: number): void {
  if (g.config.template)
    throw new PveError(
      500,
      `you can't start a ${g.type === 'qemu' ? 'vm' : 'container'} if it's a template`,
    );
  if (g.lock && !skiplock && g.lock !== 'suspended')
    throw new PveError(500, `${g.type === 'qemu' ? 'VM' : 'CT'} is locked (${g.lock})`);
  if (g.status === 'running')
    throw new PveError(
      500,
      g.type === 'qemu' ? `VM ${g.vmid} already running` : `CT ${g.vmid} already running`,
    );
  memCheck(ctx, g, g.node);
}

function diskKeyRe(kind: Kind) {
  return kind === 'qemu' ? QEMU_DISK : LXC_DISK;
}

function registerKind(r: Router, kind: Kind): void {
  const base = `/nodes/{node}/${kind}`;
  const gbase = `${base}/{vmid}`;

  r.add('GET', base, (ctx) => {
    const t = Date.now();
    const out: unknown[] = [];
    for (const g of ctx.c.guests.values())
      if (g.node === ctx.p.node && g.type === kind && guestPriv(ctx.c, ctx.auth, g, ['VM.Audit']))
        out.push(listItem(g, t));
    return out;
  });

  r.add('GET', gbase, (ctx) => {
    getGuest(ctx, kind);
    const dirs =
      kind === 'qemu'
        ? [
            'config',
            'pending',
            'status',
            'unlink',
            'vncproxy',
            'termproxy',
            'migrate',
            'resize',
            'move',
            'rrd',
            'rrddata',
            'monitor',
            'agent',
            'snapshot',
            'spiceproxy',
            'sendkey',
            'firewall',
            'mtunnel',
            'remote_migrate',
          ]
        : [
            'config',
            'pending',
            'status',
            'vncproxy',
            'termproxy',
            'vncwebsocket',
            'spiceproxy',
            'migrate',
            'clone',
            'snapshot',
            'rrd',
            'rrddata',
            'firewall',
            'interfaces',
            'mtunnel',
            'remote_migrate',
          ];
    return index(dirs);
  });

  // create / restore
  r.add('POST', base, (ctx) => {
    const { c, p, rt, auth } = ctx;
    const node = String(p.node);
    const vmid = Number(p.vmid);
    const archive =
      kind === 'qemu'
        ? (p.archive as string | undefined)
        : p.restore
          ? (p.ostemplate as string | undefined)
          : undefined;
    const existing = c.guests.get(vmid);
    if (existing && !(archive && p.force))
      throw new PveError(
        500,
        `unable to create ${label(kind)} ${vmid} - ${label(kind)} ${vmid} already exists on node '${existing.node}'`,
      );
    if (existing && existing.status === 'running')
      throw new PveError(
        500,
        `unable to restore ${label(kind)} ${vmid} - ${label(kind)} is running`,
      );
    if (existing) {
      if (!guestPriv(c, auth, existing, ['VM.Backup'])) throw forbidden(`/vms/${vmid}, VM.Backup`);
    } else assertAllocate(ctx, vmid, p.pool as string | undefined);
    let config = configKeys(p);
    if (kind === 'lxc' && p.restore === undefined && !p.ostemplate)
      throw paramError({ ostemplate: 'property is missing and it is not optional' });
    let taskType = tt(kind, 'create');
    let backup;
    let restoredAgent: boolean | undefined;
    if (archive) {
      backup = c.volumes.find((v) => v.volid === archive && v.content === 'backup');
      if (!backup) throw new PveError(500, `volume '${archive}' does not exist`);
      if (backup.subtype !== kind)
        throw new PveError(500, `archive '${archive}' is not a ${kind} backup`);
      taskType = tt(kind, 'restore');
      const storage = String(p.storage ?? (kind === 'qemu' ? 'local-lvm' : 'local-lvm'));
      storageOrFail(c, storage);
      config = { ...(backup.guestConfig ?? {}), ...config };
      for (const [k, v] of Object.entries(config)) {
        if (!diskKeyRe(kind).test(k) || /media=cdrom/.test(String(v))) continue;
        config[k] = `${storage}:${Math.max(1, Math.round(diskSize(String(v)) / 1024 ** 3))}`;
      }
      delete config.template;
      if (p.unique) regenerateMacs(config, vmid);
      // the restored OS runs qemu-guest-agent exactly when the backed-up one did
      if (kind === 'qemu' && backup.guestAgent !== undefined) restoredAgent = backup.guestAgent;
    } else if (kind === 'lxc') {
      const tpl = String(p.ostemplate);
      const tplVol = c.volumes.find((v) => v.volid === tpl && v.content === 'vztmpl');
      if (!tplVol) throw new PveError(500, `volume '${tpl}' does not exist`);
      if (!config.ostype)
        config.ostype = /ubuntu/.test(tpl) ? 'ubuntu' : /alpine/.test(tpl) ? 'alpine' : 'debian';
      if (!config.rootfs) config.rootfs = `${p.storage ?? 'local'}:4`;
      if (config.unprivileged === undefined) config.unprivileged = 1;
      if (!config.unprivileged && !hasPriv(c, auth, '/', ['Sys.Modify']))
        throw forbidden('/, Sys.Modify');
      config.arch = config.arch ?? 'amd64';
      config.memory = config.memory ?? 512;
      config.swap = config.swap ?? 512;
    } else {
      config.name = config.name ?? `VM${vmid}`;
      config.smbios1 =
        config.smbios1 ?? `uuid=${vmid.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
      config.vmgenid =
        config.vmgenid ?? `${vmid.toString(16).padStart(8, '0')}-1111-4111-8111-111111111111`;
      config.meta = `creation-qemu=9.2.0,ctime=${now()}`;
    }
    checkHostpci(c, auth, config);
    assertBridges(ctx, config);
    const importSize = (src: string) => {
      const [store, path] = src.split(/:(.*)/s);
      const s = c.storages.find((x) => x.storage === store);
      if (s?.type === 'esxi') {
        for (const e of esxiGuestsOf(c, s)) {
          const i = e.disks.findIndex((_d, n) => esxiDiskPath(e, n) === path);
          if (i >= 0) return e.disks[i] * 1024 ** 3;
        }
        throw new PveError(500, `import source '${src}' does not exist`);
      }
      return 8 * 1024 ** 3;
    };
    const probe: Guest = {
      vmid,
      type: kind,
      node,
      status: 'stopped',
      config,
      pending: {},
      pendingDelete: [],
      snapshots: [],
    };
    allocateDisks(c, vmid, kind, config, importSize);
    canonicalizeConfig(c, kind, config);
    if (kind === 'qemu' && !archive) {
      qemuCreateDefaults(config);
      // a VM installed from an ISO or imported has no guest agent until someone installs one
      probe.guestAgent = false;
    }
    if (restoredAgent !== undefined) probe.guestAgent = restoredAgent;
    assertStorageSpace(ctx, guestStorages(probe));
    if (!existing && !archive)
      attachSshEndpoint(c, probe, kind === 'lxc' ? p['ssh-public-keys'] : undefined);
    const g: Guest = existing ?? probe;
    if (existing) {
      if (restoredAgent !== undefined) existing.guestAgent = restoredAgent;
      existing.config = config;
      existing.pending = {};
      existing.pendingDelete = [];
      existing.snapshots = [];
      delete existing.digest;
    } else c.guests.set(vmid, g);
    addToPool(ctx, g, p.pool as string | undefined);
    const imports = Object.entries(p).filter(([, v]) => /import-from=/.test(String(v)));
    return rt.task(auth, {
      node,
      type: taskType,
      id: vmid,
      lock: { guest: g, name: 'create' },
      durationMs: archive ? 1500 : imports.length ? 1500 : 1000,
      progress: archive
        ? (pct) => `progress ${pct}% (read ${Math.round(pct * 0.3)} GiB, sparse 0 B)`
        : imports.length
          ? (pct) =>
              `transferred ${((40 * pct) / 100).toFixed(1)} GiB of 40.0 GiB (${pct.toFixed(2)}%)`
          : undefined,
      preamble: archive
        ? backup?.format.startsWith('pbs-')
          ? [
              `restore proxmox backup image: /usr/bin/pbs-restore --repository ${archive.slice(0, archive.indexOf(':'))} ${archive.slice(archive.indexOf(':backup/') + 8)} drive-scsi0.img.fidx`,
            ]
          : [`restore vma archive: ${archive}`, `CFG: size: 654 name: qemu-server.conf`]
        : imports.map(
            ([k, v]) =>
              `importing disk '${/import-from=([^,]+)/.exec(String(v))![1]}' to ${kind} ${vmid} (${k})`,
          ),
      work: (log) => {
        if (!c.guests.has(vmid)) throw new Error(`${label(kind)} ${vmid} vanished during creation`);
        for (const [k, v] of Object.entries(g.config))
          if (diskKeyRe(kind).test(k) && !/media=cdrom/.test(String(v)))
            log(
              `  ${k}: successfully created disk '${String(v).split(',')[0]},size=${/size=([^,]+)/.exec(String(v))?.[1] ?? '0'}'`,
            );
        if (imports.length) log('transferred 100% of the disk data');
        if (p.start || p['live-restore']) {
          if (!g.config.template) {
            memCheck(ctx, g, node);
            g.status = 'running';
            g.startedAt = now();
            bootSshEndpoint(c, g);
          }
        }
      },
    });
  });

  r.add('DELETE', gbase, (ctx) => {
    const { c, p, rt, auth } = ctx;
    const g = getGuest(ctx, kind);
    rt.checkLock(g, p.skiplock as number | undefined);
    if (g.config.protection)
      throw new PveError(500, `can't remove ${label(kind)} ${g.vmid} - protection mode enabled`);
    if (g.status === 'running' && !(kind === 'lxc' && p.force))
      throw new PveError(
        500,
        kind === 'qemu'
          ? `VM ${g.vmid} is running - destroy failed`
          : `CT ${g.vmid} is running - destroy failed`,
      );
    return rt.task(auth, {
      node: g.node,
      type: tt(kind, 'destroy'),
      id: g.vmid,
      lock: { guest: g, name: 'destroyed' },
      durationMs: 700,
      work: (log) => {
        for (const d of Object.entries(g.config).filter(([k]) => diskKeyRe(kind).test(k)))
          log(`Removing image: 100% complete...done. (${String(d[1]).split(',')[0]})`);
        rt.appliances.stopped(c, g);
        c.guests.delete(g.vmid);
        if (p.purge) purgeReferences(ctx, g.vmid);
      },
    });
  });

  // configuration
  r.add('GET', `${gbase}/config`, (ctx) => {
    const g = getGuest(ctx, kind);
    if (ctx.p.snapshot) {
      const s = g.snapshots.find((x) => x.name === ctx.p.snapshot);
      if (!s) throw new PveError(500, `snapshot '${ctx.p.snapshot}' does not exist`);
      return maskPassword({ ...s.config, digest: configDigest(g) });
    }
    const cfg: Record<string, unknown> = { ...g.config };
    if (!ctx.p.current) {
      Object.assign(cfg, g.pending);
      for (const k of g.pendingDelete) delete cfg[k];
    }
    if (g.lock) cfg.lock = g.lock;
    if (g.snapshots.length) cfg.parent = currentParent(g);
    cfg.digest = configDigest(g);
    return maskPassword(cfg);
  });
  r.add('GET', `${gbase}/pending`, (ctx) => {
    const g = getGuest(ctx, kind);
    const keys = new Set([...Object.keys(g.config), ...Object.keys(g.pending), ...g.pendingDelete]);
    return [...keys].sort().map((key) => {
      const o: Record<string, unknown> = { key };
      const hide = key === 'cipassword';
      if (g.config[key] !== undefined) o.value = hide ? '**********' : String(g.config[key]);
      if (g.pending[key] !== undefined) o.pending = hide ? '********** ' : String(g.pending[key]);
      if (g.pendingDelete.includes(key)) o.delete = 1;
      return o;
    });
  });
  const updateConfig = (ctx: RouteCtx): Guest => {
    const { c, p, rt, auth } = ctx;
    const g = getGuest(ctx, kind);
    rt.checkLock(g, p.skiplock as number | undefined);
    if (p.skiplock && !isRoot(auth)) throw forbidden('user != root@pam');
    if (p.digest && p.digest !== configDigest(g))
      throw new PveError(
        500,
        'detected modified configuration - file changed by other user? Try again.',
      );
    const set = configKeys(p);
    // `delete=lock` removes the guest's lock (what `qm unlock` does); a locked guest needs skiplock.
    const del = splitList(p.delete).filter((k) => k !== 'lock');
    const unlock = del.length < splitList(p.delete).length;
    const revert = splitList(p.revert);
    for (const k of del)
      if (set[k] !== undefined)
        throw paramError({ delete: `unable to delete and set parameter '${k}' at the same time` });
    checkKeyPrivs(c, auth, g, { ...set, ...Object.fromEntries(del.map((k) => [k, ''])) });
    if (kind === 'qemu' && set.boot !== undefined) checkBootOrder(g, set, del);
    checkHostpci(c, auth, set, set.machine ?? g.config.machine);
    assertBridges(ctx, set);
    allocateDisks(c, g.vmid, kind, set);
    canonicalizeConfig(c, kind, set);
    applyConfigUpdate(g, set, del, revert);
    if (unlock) delete g.lock;
    return g;
  };
  if (kind === 'qemu') {
    r.add('POST', `${gbase}/config`, (ctx) => {
      const g = updateConfig(ctx);
      const upid = ctx.rt.task(ctx.auth, {
        node: g.node,
        type: 'qmconfig',
        id: g.vmid,
        durationMs: 100,
      });
      return ctx.p.background_delay ? null : upid;
    });
  }
  r.add('PUT', `${gbase}/config`, (ctx) => {
    updateConfig(ctx);
    return null;
  });

  // status
  r.add('GET', `${gbase}/status`, (ctx) => {
    getGuest(ctx, kind);
    return index(
      kind === 'qemu'
        ? ['current', 'start', 'stop', 'reset', 'shutdown', 'suspend', 'reboot', 'resume']
        : ['current', 'start', 'stop', 'shutdown', 'suspend', 'reboot', 'resume'],
    );
  });
  r.add('GET', `${gbase}/status/current`, (ctx) => {
    const g = getGuest(ctx, kind);
    const haRes = ctx.c.firewall?.ha?.[`${kind === 'qemu' ? 'vm' : 'ct'}:${g.vmid}`];
    const o: Record<string, unknown> = {
      ...listItem(g),
      ha: haRes
        ? {
            managed: 1,
            state: String(haRes.state ?? 'started'),
            ...(haRes.group ? { group: haRes.group } : {}),
          }
        : { managed: 0 },
    };
    if (kind === 'qemu') {
      o.agent = g.config.agent && /^1|enabled=1/.test(String(g.config.agent)) ? 1 : 0;
      o.clipboard = undefined;
      delete o.clipboard;
      o.spice = /^qxl/.test(String(g.config.vga ?? '')) ? 1 : 0;
    }
    return o;
  });
  const power = (
    action: string,
    opts: {
      qm: string;
      vz?: string;
      duration: number;
      check: (ctx: RouteCtx, g: Guest) => void;
      apply: (ctx: RouteCtx, g: Guest) => void;
    },
  ) => {
    r.add('POST', `${gbase}/status/${action}`, (ctx) => {
      const g = getGuest(ctx, kind);
      if (ctx.p.skiplock && !isRoot(ctx.auth)) throw forbidden('user != root@pam');
      return ctx.rt.task(ctx.auth, {
        node: g.node,
        type: kind === 'qemu' ? `qm${opts.qm}` : `vz${opts.vz ?? opts.qm}`,
        id: g.vmid,
        durationMs: opts.duration,
        check: () => opts.check(ctx, g),
        work: () => opts.apply(ctx, g),
      });
    });
  };
  const notRunning = (g: Guest) => {
    if (g.status !== 'running')
      throw new PveError(500, `${kind === 'qemu' ? 'VM' : 'CT'} ${g.vmid} not running`);
  };
  const lockCheck = (ctx: RouteCtx, g: Guest) => {
    if (g.lock && !ctx.p.skiplock)
      throw new PveError(500, `${kind === 'qemu' ? 'VM' : 'CT'} is locked (${g.lock})`);
  };
  const stopNow = (ctx: RouteCtx, g: Guest) => {
    ctx.rt.appliances.stopped(ctx.c, g);
    g.status = 'stopped';
    delete g.qmpstatus;
    g.startedAt = undefined;
    applyPending(g);
  };
  power('start', {
    qm: 'start',
    duration: 900,
    check: (ctx, g) => doStart(ctx, g, ctx.p.skiplock as number | undefined),
    apply: (ctx, g) => {
      memCheck(ctx, g, g.node);
      applyPending(g);
      if (g.lock === 'suspended') delete g.lock;
      g.status = 'running';
      delete g.qmpstatus;
      g.startedAt = now();
      ctx.rt.appliances.started(ctx.c, g);
      bootSshEndpoint(ctx.c, g);
    },
  });
  power('stop', {
    qm: 'stop',
    duration: 500,
    check: (ctx, g) => lockCheck(ctx, g),
    apply: (ctx, g) => stopNow(ctx, g),
  });
  power('shutdown', {
    qm: 'shutdown',
    duration: 1200,
    check: (ctx, g) => {
      lockCheck(ctx, g);
      notRunning(g);
    },
    apply: (ctx, g) => stopNow(ctx, g),
  });
  power('reboot', {
    qm: 'reboot',
    duration: 1500,
    check: (ctx, g) => {
      lockCheck(ctx, g);
      notRunning(g);
    },
    apply: (_ctx, g) => {
      applyPending(g);
      g.startedAt = now();
    },
  });
  if (kind === 'qemu') {
    power('reset', {
      qm: 'reset',
      duration: 300,
      check: (ctx, g) => {
        lockCheck(ctx, g);
        notRunning(g);
      },
      apply: (_ctx, g) => {
        g.startedAt = now();
      },
    });
  }
  power('suspend', {
    qm: 'pause',
    vz: 'suspend',
    duration: 400,
    check: (ctx, g) => {
      lockCheck(ctx, g);
      notRunning(g);
    },
    apply: (ctx, g) => {
      if (kind === 'qemu' && ctx.p.todisk) {
        g.status = 'stopped';
        g.startedAt = undefined;
        g.lock = 'suspended';
      } else g.qmpstatus = kind === 'qemu' ? 'paused' : 'frozen';
    },
  });
  power('resume', {
    qm: 'resume',
    duration: 300,
    check: (ctx, g) => {
      if (g.lock && g.lock !== 'suspended' && !ctx.p.skiplock)
        throw new PveError(500, `VM is locked (${g.lock})`);
      if (g.status !== 'running' && g.lock !== 'suspended')
        throw new PveError(500, `${label(kind)} ${g.vmid} not running`);
    },
    apply: (_ctx, g) => {
      if (g.lock === 'suspended') {
        delete g.lock;
        g.status = 'running';
        g.startedAt = now();
      }
      delete g.qmpstatus;
    },
  });

  // snapshots
  r.add('GET', `${gbase}/snapshot`, (ctx) => {
    const g = getGuest(ctx, kind);
    const parent = currentParent(g);
    return [
      ...g.snapshots.map((s) => ({
        name: s.name,
        description: s.description ?? '',
        snaptime: s.snaptime,
        ...(s.parent ? { parent: s.parent } : {}),
        ...(kind === 'qemu' ? { vmstate: s.vmstate ?? 0 } : {}),
      })),
      {
        name: 'current',
        description: 'You are here!',
        digest: configDigest(g),
        ...(parent ? { parent } : {}),
        ...(g.status === 'running' ? { running: 1 } : {}),
      },
    ];
  });
  r.add('POST', `${gbase}/snapshot`, (ctx) => {
    const { p, rt, auth } = ctx;
    const g = getGuest(ctx, kind);
    const name = String(p.snapname);
    const withState = kind === 'qemu' && !!p.vmstate && g.status === 'running';
    if (name === 'current')
      throw paramError({ snapname: `invalid format - invalid configuration ID 'current'` });
    if (g.snapshots.some((s) => s.name === name))
      throw new PveError(500, `snapshot name '${name}' already used`);
    rt.checkLock(g);
    if (g.config.template) throw new PveError(500, `you can't take a snapshot if it's a template`);
    return rt.task(auth, {
      node: g.node,
      type: tt(kind, 'snapshot', 'snapshot'),
      id: g.vmid,
      lock: { guest: g, name: 'snapshot' },
      durationMs: 800,
      preamble: withState ? ["saving VM state and RAM using storage 'local-lvm'"] : [],
      work: () => {
        const parent = currentParent(g);
        g.snapshots.push({
          name,
          description: p.description as string | undefined,
          snaptime: now(),
          parent,
          vmstate: withState ? 1 : 0,
          config: { ...g.config },
        });
        g.config.parent = name;
        delete g.digest;
      },
    });
  });
  const snapOrFail = (ctx: RouteCtx, g: Guest) => {
    const s = g.snapshots.find((x) => x.name === ctx.p.snapname);
    if (!s) throw new PveError(500, `snapshot '${ctx.p.snapname}' does not exist`);
    return s;
  };
  r.add('GET', `${gbase}/snapshot/{snapname}`, (ctx) => {
    snapOrFail(ctx, getGuest(ctx, kind));
    return index(['config', 'rollback']);
  });
  r.add('GET', `${gbase}/snapshot/{snapname}/config`, (ctx) =>
    maskPassword({ ...snapOrFail(ctx, getGuest(ctx, kind)).config }),
  );
  r.add('PUT', `${gbase}/snapshot/{snapname}/config`, (ctx) => {
    const s = snapOrFail(ctx, getGuest(ctx, kind));
    if (ctx.p.description !== undefined) s.description = String(ctx.p.description);
    return null;
  });
  r.add('DELETE', `${gbase}/snapshot/{snapname}`, (ctx) => {
    const g = getGuest(ctx, kind);
    const s = snapOrFail(ctx, g);
    if (!ctx.p.force) ctx.rt.checkLock(g);
    return ctx.rt.task(ctx.auth, {
      node: g.node,
      type: tt(kind, 'delsnapshot', 'delsnapshot'),
      id: g.vmid,
      lock: { guest: g, name: 'snapshot-delete' },
      durationMs: 600,
      work: () => {
        for (const x of g.snapshots) if (x.parent === s.name) x.parent = s.parent;
        if (g.config.parent === s.name) {
          if (s.parent) g.config.parent = s.parent;
          else delete g.config.parent;
        }
        g.snapshots = g.snapshots.filter((x) => x !== s);
        delete g.digest;
      },
    });
  });
  r.add('POST', `${gbase}/snapshot/{snapname}/rollback`, (ctx) => {
    const g = getGuest(ctx, kind);
    const s = snapOrFail(ctx, g);
    ctx.rt.checkLock(g);
    return ctx.rt.task(ctx.auth, {
      node: g.node,
      type: tt(kind, 'rollback', 'rollback'),
      id: g.vmid,
      lock: { guest: g, name: 'rollback' },
      durationMs: 800,
      work: () => {
        g.config = { ...s.config, parent: s.name };
        g.pending = {};
        g.pendingDelete = [];
        delete g.digest;
        if (s.vmstate || ctx.p.start) {
          g.status = 'running';
          g.startedAt = g.startedAt ?? now();
        } else {
          g.status = 'stopped';
          g.startedAt = undefined;
        }
      },
    });
  });

  // clone / template
  r.add('POST', `${gbase}/clone`, (ctx) => {
    const { c, p, rt, auth } = ctx;
    const src = getGuest(ctx, kind);
    const newid = Number(p.newid);
    if (newid === src.vmid) throw paramError({ newid: 'new VMID is the same as the source' });
    if (c.guests.has(newid))
      throw new PveError(
        500,
        `unable to create ${label(kind)} ${newid}: config file already exists`,
      );
    const isTemplate = !!src.config.template;
    const full = p.full === undefined ? !isTemplate : !!p.full;
    if (!full && !isTemplate)
      throw new PveError(
        500,
        `parameter 'full' must be set for non-template ${kind === 'qemu' ? 'VM' : 'CT'}`,
      );
    if (!full && p.storage) throw paramError({ storage: `option is only allowed for full clones` });
    const target = String(p.target ?? src.node);
    rt.node(target);
    const storages = guestStorages(src);
    if (target !== src.node && storages.some((s) => !storageOrFail(c, s).shared))
      throw new PveError(
        500,
        `Can't clone to other node '${target}' - ${label(kind)} uses local storage`,
      );
    if (!isTemplate && src.lock) throw new PveError(500, `${label(kind)} is locked (${src.lock})`);
    const targetStorage = p.storage ? storageOrFail(c, String(p.storage)).storage : undefined;
    assertStorageSpace(ctx, targetStorage ? [targetStorage] : storages);
    const config: Config = {};
    let diskIdx = 0;
    for (const [k, v] of Object.entries(src.config)) {
      if (k === 'template' || k === 'parent') continue;
      const s = String(v);
      if (diskKeyRe(kind).test(k) && !/media=cdrom/.test(s)) {
        const vol = s.split(',')[0];
        const [store, name] = vol.split(':');
        const rest = s.split(',').slice(1).join(',');
        const newVol = full
          ? `${targetStorage ?? store}:vm-${newid}-disk-${diskIdx++}`
          : `${store}:${name}/vm-${newid}-disk-${diskIdx++}`;
        config[k] = rest ? `${newVol},${rest}` : newVol;
      } else if (/-cloudinit/.test(s))
        config[k] = s.replace(/vm-\d+-cloudinit/, `vm-${newid}-cloudinit`);
      else config[k] = v;
    }
    if (kind === 'qemu')
      config.name = String(p.name ?? `Copy-of-VM-${src.config.name ?? src.vmid}`);
    else config.hostname = String(p.hostname ?? `Copy-of-CT-${src.config.hostname ?? src.vmid}`);
    if (p.description !== undefined) config.description = String(p.description);
    regenerateMacs(config, newid);
    const g: Guest = {
      vmid: newid,
      type: kind,
      node: target,
      status: 'stopped',
      config,
      pending: {},
      pendingDelete: [],
      snapshots: [],
      ...(kind === 'qemu' ? { guestAgent: guestAgentRunning(src) } : {}),
    };
    addToPool(ctx, g, p.pool as string | undefined);
    attachSshEndpoint(c, g);
    c.guests.set(newid, g);
    g.lock = 'create';
    return rt.task(auth, {
      node: src.node,
      type: kind === 'qemu' ? 'qmclone' : 'vzclone',
      id: src.vmid,
      lock: isTemplate ? undefined : { guest: src, name: 'clone' },
      durationMs: full ? 1500 : 600,
      progress: full
        ? (pct) => {
            const total = guestDiskGiB(src);
            return `drive-scsi0: transferred ${((total * pct) / 100).toFixed(1)} GiB of ${total.toFixed(1)} GiB (${pct.toFixed(2)}%) in ${Math.round(pct / 10)}s`;
          }
        : undefined,
      preamble: [
        `create ${full ? 'full' : 'linked'} clone of drive(s) from ${src.vmid} to ${newid}`,
      ],
      work: (log) => {
        log('transferred 100% of the disk data');
        if (g.lock === 'create') delete g.lock;
      },
      // Like qemu-server/pct: a clone that fails removes the half-made guest and its disks.
      cleanup: () => {
        if (g.lock === 'create' && c.guests.get(newid) === g) c.guests.delete(newid);
      },
    });
  });
  r.add('POST', `${gbase}/template`, (ctx) => {
    const g = getGuest(ctx, kind);
    ctx.rt.checkLock(g);
    if (g.config.template)
      throw new PveError(500, `${label(kind)} ${g.vmid} is already a template`);
    if (g.status === 'running')
      throw new PveError(
        500,
        `you can't convert a ${kind === 'qemu' ? 'VM' : 'CT'} to template if ${kind === 'qemu' ? 'VM' : 'CT'} is running`,
      );
    const work = () => {
      for (const [k, v] of Object.entries(g.config))
        if (diskKeyRe(kind).test(k))
          g.config[k] = String(v).replace(/vm-(\d+)-disk-/, 'base-$1-disk-');
      g.config.template = 1;
      g.snapshots = [];
      delete g.config.parent;
      delete g.digest;
    };
    if (kind === 'lxc') {
      work();
      return null;
    }
    return ctx.rt.task(ctx.auth, {
      node: g.node,
      type: 'qmtemplate',
      id: g.vmid,
      lock: { guest: g, name: 'template' },
      durationMs: 500,
      work,
    });
  });

  // resize (grow only)
  r.add('PUT', `${gbase}/resize`, (ctx) => {
    const { p, rt, auth } = ctx;
    const g = getGuest(ctx, kind);
    rt.checkLock(g, p.skiplock as number | undefined);
    if (p.digest && p.digest !== configDigest(g))
      throw new PveError(
        500,
        'detected modified configuration - file changed by other user? Try again.',
      );
    const disk = String(p.disk);
    const cur = g.config[disk];
    if (cur === undefined) throw new PveError(500, `disk '${disk}' does not exist`);
    if (/media=cdrom/.test(String(cur))) throw new PveError(500, `you can't resize a cdrom`);
    const size = String(p.size);
    const old = diskSize(String(cur));
    const delta = parseSize(size.replace(/^\+/, '').replace(/^(\d+(?:\.\d+)?)$/, '$1G'));
    const next = size.startsWith('+') ? old + delta : delta;
    if (next < old) throw new PveError(500, `shrinking disks is not supported`);
    return rt.task(auth, {
      node: g.node,
      type: 'resize',
      id: g.vmid,
      durationMs: 300,
      preamble: [`  Size of logical volume changed from ${old} bytes to ${next} bytes.`],
      work: () => {
        g.config[disk] = withSize(kind, disk, String(g.config[disk]), next);
        delete g.digest;
      },
    });
  });

  // migrate
  if (kind === 'qemu') {
    r.add('GET', `${gbase}/migrate`, (ctx) => {
      const g = getGuest(ctx, kind);
      const local = guestStorages(g).filter((s) => !storageOrFail(ctx.c, s).shared);
      const others = ctx.c.nodes.filter((n) => n.name !== g.node);
      const hostpci = Object.keys(g.config).filter((k) => /^hostpci\d+$/.test(k));
      return {
        running: g.status === 'running' ? 1 : 0,
        'has-dbus-vmstate': 0,
        allowed_nodes: others.filter((n) => n.online).map((n) => n.name),
        not_allowed_nodes: Object.fromEntries(
          others.filter((n) => !n.online).map((n) => [n.name, { unavailable_storages: [] }]),
        ),
        local_disks: Object.entries(g.config)
          .filter(([k, v]) => QEMU_DISK.test(k) && local.includes(String(v).split(':')[0]))
          .map(([, v]) => ({
            volid: String(v).split(',')[0],
            size: diskSize(String(v)),
            cdrom: /media=cdrom/.test(String(v)) ? 1 : 0,
            is_unused: 0,
          })),
        local_resources: hostpci.filter((k) => !/mapping=/.test(String(g.config[k]))),
        'mapped-resources': hostpci.filter((k) => /mapping=/.test(String(g.config[k]))),
        'mapped-resource-info': {},
      };
    });
  } else {
    // pve-container's precondition: kebab-case keys, no disk or device lists.
    r.add('GET', `${gbase}/migrate`, (ctx) => {
      const g = getGuest(ctx, kind);
      const others = ctx.c.nodes.filter((n) => n.name !== g.node);
      return {
        running: g.status === 'running' ? 1 : 0,
        'allowed-nodes': others.filter((n) => n.online).map((n) => n.name),
        'not-allowed-nodes': Object.fromEntries(
          others.filter((n) => !n.online).map((n) => [n.name, {}]),
        ),
      };
    });
  }
  r.add('POST', `${gbase}/migrate`, (ctx) => {
    const { c, p, rt, auth } = ctx;
    const g = getGuest(ctx, kind);
    const target = String(p.target);
    if (target === g.node) throw new PveError(500, `target is local node.`);
    rt.node(target);
    rt.checkLock(g);
    if (g.status === 'running') {
      if (kind === 'qemu' && !p.online)
        throw new PveError(500, `can't migrate running VM without --online`);
      if (kind === 'lxc' && !p.restart)
        throw new PveError(
          500,
          `lxc live migration is currently not implemented - use 'restart' mode`,
        );
    }
    const local = guestStorages(g).filter((s) => !storageOrFail(c, s).shared);
    if (local.length && kind === 'qemu' && !p['with-local-disks'] && g.status === 'running')
      throw new PveError(
        500,
        `can't live migrate attached local disks without with-local-disks option`,
      );
    if (
      Object.entries(g.config).some(
        ([k, v]) => /^hostpci\d+$/.test(k) && !/mapping=/.test(String(v)),
      )
    )
      throw new PveError(
        500,
        `can't migrate VM which uses local devices: ${Object.keys(g.config)
          .filter((k) => /^hostpci/.test(k))
          .join(', ')}`,
      );
    return rt.task(auth, {
      node: g.node,
      type: kind === 'qemu' ? 'qmigrate' : 'vzmigrate',
      id: g.vmid,
      lock: { guest: g, name: 'migrate' },
      durationMs: 2000,
      progress: (pct) =>
        `${new Date().toISOString().slice(0, 19).replace('T', ' ')} migration active, transferred ${Math.round((guestMaxMem(g) * pct) / 100 / 1024 ** 2)} MiB of ${Math.round(guestMaxMem(g) / 1024 ** 2)} MiB VM-state, ${pct}% done`,
      preamble: [`starting migration of ${label(kind)} ${g.vmid} to node '${target}'`],
      work: (log) => {
        if (g.status === 'running') memCheck(ctx, g, target);
        g.node = target;
        log(`migration finished successfully`);
      },
    });
  });

  // metrics
  r.add('GET', `${gbase}/rrddata`, (ctx) => {
    const g = getGuest(ctx, kind);
    const maxmem = guestMaxMem(g);
    const maxdisk = guestUsage(g).maxdisk;
    const cpus = guestCpus(g);
    const on = g.status === 'running';
    return rrdSeries(
      g.vmid,
      String(ctx.p.timeframe),
      String(ctx.p.cf ?? 'AVERAGE'),
      (_t, load, b) => {
        const l = on ? load * (0.3 + 0.7 * noise(g.vmid, 5)) : 0;
        return {
          cpu: Number((l * 0.8).toFixed(5)),
          maxcpu: cpus,
          mem: Math.round(on ? maxmem * (0.3 + 0.4 * l) : 0),
          maxmem,
          disk: kind === 'lxc' ? Math.round(maxdisk * 0.3) : 0,
          maxdisk,
          netin: Math.round(on ? 1e5 * l + 5e3 * noise(g.vmid, b) : 0),
          netout: Math.round(on ? 6e4 * l + 5e3 * noise(g.vmid + 1, b) : 0),
          diskread: Math.round(on ? 4e5 * l : 0),
          diskwrite: Math.round(on ? 2e5 * l : 0),
        };
      },
    );
  });
}

function guestDiskGiB(g: Guest): number {
  return Math.max(1, guestUsage(g).maxdisk / 1024 ** 3);
}

function currentParent(g: Guest): string | undefined {
  return g.config.parent !== undefined
    ? String(g.config.parent)
    : g.snapshots.length
      ? g.snapshots[g.snapshots.length - 1].name
      : undefined;
}

/** guests a bulk node action applies to: `vms` list or every guest on the node */
function bulkTargets(ctx: RouteCtx, filter: (g: Guest) => boolean): Guest[] {
  const node = String(ctx.p.node);
  const ids = ctx.p.vms !== undefined ? new Set(splitList(ctx.p.vms).map(Number)) : undefined;
  return [...ctx.c.guests.values()].filter(
    (g) =>
      g.node === node &&
      !g.config.template &&
      (!ids || ids.has(g.vmid)) &&
      filter(g) &&
      guestPriv(ctx.c, ctx.auth, g, ['VM.PowerMgmt']),
  );
}

function registerBulk(r: Router): void {
  r.add('POST', '/nodes/{node}/startall', (ctx) => {
    const list = bulkTargets(
      ctx,
      (g) =>
        g.status !== 'running' &&
        (ctx.p.vms !== undefined ||
          !!ctx.p.force ||
          /^1|onboot/.test(String(g.config.onboot ?? ''))),
    );
    return ctx.rt.task(ctx.auth, {
      node: String(ctx.p.node),
      type: 'startall',
      durationMs: 300 + 100 * Math.min(list.length, 20),
      work: (log) => {
        for (const g of list) {
          try {
            doStart(ctx, g);
            g.status = 'running';
            g.startedAt = now();
            log(`Starting ${label(g.type)} ${g.vmid}`);
          } catch (e) {
            log(`Starting ${label(g.type)} ${g.vmid} failed: ${(e as Error).message}`);
          }
        }
      },
    });
  });
  r.add('POST', '/nodes/{node}/stopall', (ctx) => {
    const list = bulkTargets(ctx, (g) => g.status === 'running');
    return ctx.rt.task(ctx.auth, {
      node: String(ctx.p.node),
      type: 'stopall',
      durationMs: 300 + 100 * Math.min(list.length, 20),
      work: (log) => {
        for (const g of list) {
          g.status = 'stopped';
          g.startedAt = undefined;
          delete g.qmpstatus;
          applyPending(g);
          log(`Stopping ${label(g.type)} ${g.vmid}`);
        }
      },
    });
  });
  r.add('POST', '/nodes/{node}/suspendall', (ctx) => {
    const list = bulkTargets(ctx, (g) => g.status === 'running' && g.type === 'qemu');
    return ctx.rt.task(ctx.auth, {
      node: String(ctx.p.node),
      type: 'suspendall',
      durationMs: 300,
      work: (log) => {
        for (const g of list) {
          g.status = 'stopped';
          g.startedAt = undefined;
          g.lock = 'suspended';
          log(`Suspending VM ${g.vmid} to disk`);
        }
      },
    });
  });
  r.add('POST', '/nodes/{node}/migrateall', (ctx) => {
    const target = String(ctx.p.target);
    if (target === ctx.p.node) throw new PveError(500, `target is local node.`);
    ctx.rt.node(target);
    const list = bulkTargets(ctx, () => true).filter((g) =>
      guestPriv(ctx.c, ctx.auth, g, ['VM.Migrate']),
    );
    return ctx.rt.task(ctx.auth, {
      node: String(ctx.p.node),
      type: 'migrateall',
      durationMs: 500 + 100 * Math.min(list.length, 20),
      work: (log) => {
        let failed = 0;
        for (const g of list) {
          const local = guestStorages(g).filter((s) => !storageOrFail(ctx.c, s).shared);
          if ((local.length && !ctx.p['with-local-disks']) || g.lock) {
            log(
              `Migrating ${label(g.type)} ${g.vmid} failed: ${g.lock ? `locked (${g.lock})` : 'local disks'}`,
            );
            failed++;
            continue;
          }
          g.node = target;
          log(`Migrating ${label(g.type)} ${g.vmid} to ${target}`);
        }
        if (failed) throw new Error(`${failed} migrations failed`);
      },
    });
  });
}

export function registerGuestRoutes(r: Router): void {
  for (const k of KINDS) registerKind(r, k);
  registerBulk(r);
  r.add('GET', '/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces', (ctx) => {
    const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), 'qemu');
    assertAgentAvailable(g);
    const mac =
      /=([0-9A-F:]{17})/i.exec(String(g.config.net0 ?? ''))?.[1]?.toLowerCase() ??
      'bc:24:11:00:00:01';
    return {
      result: [
        {
          name: 'lo',
          'hardware-address': '00:00:00:00:00:00',
          'ip-addresses': [{ 'ip-address-type': 'ipv4', 'ip-address': '127.0.0.1', prefix: 8 }],
        },
        {
          name: 'eth0',
          'hardware-address': mac,
          'ip-addresses': [
            {
              'ip-address-type': 'ipv4',
              'ip-address':
                g.reportedAddress ??
                `10.20.${Math.floor(g.vmid / 250) % 250}.${(g.vmid % 250) + 2}`,
              prefix: 24,
            },
          ],
        },
      ],
    };
  });
  void bool;
}
