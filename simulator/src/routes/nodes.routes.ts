import { guestPriv, hasPriv } from '../auth/acl';
import { PveError, forbidden } from '../errors';
import { Reply, type Router, type RouteCtx } from '../router';
import { nodeUsage, rrdSeries } from '../world/metrics';
import { noise } from '../world/random';
import { parsePruneOptions, pruneMark } from '../world/prune';
import {
  findVolume,
  listVolumes,
  storageOnNode,
  storageOrFail,
  storageStatus,
  storageUsage,
  esxiDiskPath,
  esxiGuestsOf,
} from '../world/storage';
import { unshareVolume } from '../world/shared-datastores';
import type { EsxiGuest, Volume } from '../world/types';
import { PVE_VERSION } from './cluster.routes';
import { bool, index } from './helpers';

const GiB = 1024 ** 3;

export function defaultInterfaces(ctx: RouteCtx) {
  const n = ctx.rt.node(String(ctx.p.node));
  const third = n.ip.split('.').slice(0, 3).join('.');
  return [
    {
      iface: 'eno1',
      type: 'eth',
      method: 'manual',
      method6: 'manual',
      families: ['inet'],
      exists: 1,
      active: 1,
      priority: 2,
    },
    {
      iface: 'eno2',
      type: 'eth',
      method: 'manual',
      method6: 'manual',
      families: ['inet'],
      exists: 1,
      active: 1,
      priority: 3,
    },
    {
      iface: 'vmbr0',
      type: 'bridge',
      method: 'static',
      method6: 'manual',
      address: n.ip,
      netmask: '24',
      cidr: `${n.ip}/24`,
      gateway: `${third}.1`,
      bridge_ports: 'eno1',
      bridge_stp: 'off',
      bridge_fd: '0',
      bridge_vlan_aware: 1,
      bridge_vids: '2-4094',
      families: ['inet'],
      autostart: 1,
      active: 1,
      priority: 4,
    },
    {
      iface: 'vmbr1',
      type: 'bridge',
      method: 'manual',
      method6: 'manual',
      bridge_ports: 'eno2',
      bridge_stp: 'off',
      bridge_fd: '0',
      families: ['inet'],
      autostart: 1,
      active: 1,
      priority: 5,
      comments: 'storage network',
    },
  ];
}

function contentItem(v: Volume) {
  const o: Record<string, unknown> = {
    volid: v.volid,
    format: v.format,
    size: v.size,
    content: v.content,
    ctime: v.ctime,
  };
  if (v.vmid !== undefined) o.vmid = v.vmid;
  if (v.content === 'backup') {
    o.subtype = v.subtype;
    o.protected = v.protected ? 1 : 0;
    if (v.notes) o.notes = v.notes;
  }
  if (v.content === 'images' || v.content === 'rootdir') o.used = v.size;
  if (v.name) o.name = v.name;
  return o;
}

export function canSeeVolume(ctx: RouteCtx, v: Volume): boolean {
  const { c, auth } = ctx;
  if (hasPriv(c, auth, `/storage/${v.storage}`, ['Datastore.Audit', 'Datastore.Allocate'], true))
    return true;
  if (!hasPriv(c, auth, `/storage/${v.storage}`, ['Datastore.AllocateSpace'])) return false;
  if (v.vmid === undefined) return ['iso', 'vztmpl', 'import'].includes(v.content);
  const g = c.guests.get(v.vmid);
  const path = `/vms/${v.vmid}`;
  if (v.content === 'backup')
    return (
      hasPriv(c, auth, path, ['VM.Backup']) ||
      (!!g?.pool && hasPriv(c, auth, `/pool/${g.pool}`, ['VM.Backup']))
    );
  return (
    hasPriv(c, auth, path, ['VM.Config.Disk']) ||
    (!!g?.pool && hasPriv(c, auth, `/pool/${g.pool}`, ['VM.Config.Disk']))
  );
}

/** Mark and optionally remove backups on a storage, grouped per guest like `pvesm prune-backups`. */
export function pruneStorage(
  ctx: RouteCtx,
  storage: string,
  node: string,
  spec: string | undefined,
  vmid?: number,
  type?: string,
  dryRun = true,
) {
  const s = storageOrFail(ctx.c, storage);
  const opts = parsePruneOptions(spec ?? String(s['prune-backups'] ?? 'keep-all=1'));
  const backups = ctx.c.volumes.filter(
    (v) => v.storage === storage && v.content === 'backup' && (s.shared || v.node === node),
  );
  const groups = new Map<string, Volume[]>();
  for (const v of backups) {
    if (vmid !== undefined && v.vmid !== vmid) continue;
    if (type && v.subtype !== type) continue;
    const key = `${v.subtype}/${v.vmid}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const result: Array<{ volid: string; ctime: number; mark: string; type: string; vmid?: number }> =
    [];
  for (const vols of groups.values()) {
    const marked = pruneMark(
      vols.map((v) => ({ volid: v.volid, ctime: v.ctime, protected: !!v.protected })),
      opts,
    );
    for (const m of marked) {
      const v = vols.find((x) => x.volid === m.volid)!;
      result.push({
        volid: m.volid,
        ctime: m.ctime,
        mark: m.mark!,
        type: v.subtype ?? 'qemu',
        vmid: v.vmid,
      });
    }
  }
  if (!dryRun) {
    const remove = new Set(result.filter((r) => r.mark === 'remove').map((r) => r.volid));
    ctx.c.volumes = ctx.c.volumes.filter(
      (v) => !(remove.has(v.volid) && (s.shared || v.node === node)),
    );
  }
  return result;
}

export function registerNodeRoutes(r: Router): void {
  r.add('GET', '/nodes', (ctx) =>
    ctx.c.nodes.map((n) => {
      const u = nodeUsage(ctx.c, n);
      const base = {
        node: n.name,
        status: n.online ? 'online' : 'offline',
        level: '',
        ssl_fingerprint: ctx.rt.fingerprint(),
        id: `node/${n.name}`,
        type: 'node',
      };
      if (!n.online || !hasPriv(ctx.c, ctx.auth, `/nodes/${n.name}`, ['Sys.Audit'])) return base;
      return {
        ...base,
        cpu: u.cpu,
        maxcpu: n.maxcpu,
        mem: u.mem,
        maxmem: n.maxmem,
        uptime: u.uptime,
        disk: 12 * GiB,
        maxdisk: 100 * GiB,
      };
    }),
  );
  r.add('GET', '/nodes/{node}', () =>
    index([
      'apt',
      'capabilities',
      'ceph',
      'certificates',
      'config',
      'disks',
      'dns',
      'firewall',
      'hardware',
      'hosts',
      'lxc',
      'network',
      'qemu',
      'rrddata',
      'scan',
      'sdn',
      'services',
      'status',
      'storage',
      'subscription',
      'syslog',
      'tasks',
      'termproxy',
      'time',
      'version',
      'vncshell',
      'vzdump',
    ]),
  );
  r.add('GET', '/nodes/{node}/status', (ctx) => {
    const n = ctx.rt.node(String(ctx.p.node));
    const u = nodeUsage(ctx.c, n);
    const t = Math.floor(Date.now() / 10000);
    const la = (k: number) =>
      (u.cpu * n.maxcpu * (0.8 + 0.4 * noise(n.nodeid * 10 + k, t))).toFixed(2);
    return {
      cpu: u.cpu,
      loadavg: [la(1), la(2), la(3)],
      wait: 0.0012,
      uptime: u.uptime,
      idle: 0,
      kversion: 'Linux 6.14.11-4-pve #1 SMP PREEMPT_DYNAMIC PMX 6.14.11-4 (2025-10-10T08:04Z)',
      pveversion: `pve-manager/${PVE_VERSION.version}/${PVE_VERSION.repoid.slice(0, 16)}`,
      cpuinfo: {
        cores: n.maxcpu / 2,
        cpus: n.maxcpu,
        sockets: 2,
        model: 'AMD EPYC 7313 16-Core Processor',
        mhz: '3000.000',
        hvm: '1',
        flags: 'fpu vme de pse tsc msr pae mce cx8 apic sep svm',
        user_hz: 100,
      },
      memory: { total: n.maxmem, used: u.mem, free: n.maxmem - u.mem, available: n.maxmem - u.mem },
      swap: { total: 8 * GiB, used: 0, free: 8 * GiB },
      rootfs: { total: 100 * GiB, used: 12 * GiB, free: 88 * GiB, avail: 83 * GiB },
      ksm: { shared: 0 },
      'current-kernel': {
        sysname: 'Linux',
        release: '6.14.11-4-pve',
        version: '#1 SMP PREEMPT_DYNAMIC PMX 6.14.11-4 (2025-10-10T08:04Z)',
        machine: 'x86_64',
      },
      'boot-info': { mode: 'efi', secureboot: 0 },
    };
  });
  r.add('GET', '/nodes/{node}/version', () => PVE_VERSION);
  r.add('GET', '/nodes/{node}/time', () => ({
    timezone: 'UTC',
    time: Math.floor(Date.now() / 1000),
    localtime: Math.floor(Date.now() / 1000),
  }));
  r.add('GET', '/nodes/{node}/dns', () => ({
    search: 'sim.local',
    dns1: '10.0.0.53',
    dns2: '1.1.1.1',
  }));
  r.add('GET', '/nodes/{node}/subscription', () => ({
    status: 'notfound',
    message: 'There is no subscription key',
    url: 'https://www.proxmox.com/en/proxmox-virtual-environment/pricing',
  }));
  r.add('GET', '/nodes/{node}/rrddata', (ctx) => {
    const n = ctx.rt.node(String(ctx.p.node));
    return rrdSeries(
      n.nodeid * 7919,
      String(ctx.p.timeframe),
      String(ctx.p.cf ?? 'AVERAGE'),
      (_t, load, b) => ({
        cpu: Number((load * 0.6).toFixed(4)),
        maxcpu: n.maxcpu,
        iowait: Number((load * 0.01).toFixed(4)),
        loadavg: Number((load * n.maxcpu * 0.5).toFixed(2)),
        memtotal: n.maxmem,
        memused: Math.round(n.maxmem * (0.4 + 0.3 * load)),
        swaptotal: 8 * GiB,
        swapused: 0,
        roottotal: 100 * GiB,
        rootused: 12 * GiB + Math.round(noise(n.nodeid, b) * GiB),
        netin: Math.round(2e6 * load + 1e5 * noise(n.nodeid, b)),
        netout: Math.round(1.5e6 * load + 1e5 * noise(n.nodeid + 1, b)),
      }),
    );
  });

  // hardware (GPU passthrough discovery)
  r.add('GET', '/nodes/{node}/hardware', () => index(['pci', 'usb'], 'type'));
  const pciDevices = [
    {
      id: '0000:00:00.0',
      class: '0x060000',
      vendor: '0x1022',
      device: '0x1480',
      vendor_name: 'Advanced Micro Devices, Inc. [AMD]',
      device_name: 'Starship/Matisse Root Complex',
      iommugroup: 0,
      subsystem_vendor: '0x1022',
      subsystem_device: '0x1480',
    },
    {
      id: '0000:41:00.0',
      class: '0x030200',
      vendor: '0x10de',
      device: '0x20b5',
      vendor_name: 'NVIDIA Corporation',
      device_name: 'GA100 [A100 PCIe 80GB]',
      iommugroup: 40,
      mdev: 1,
      subsystem_vendor: '0x10de',
      subsystem_device: '0x1533',
    },
    {
      id: '0000:42:00.0',
      class: '0x030000',
      vendor: '0x10de',
      device: '0x2230',
      vendor_name: 'NVIDIA Corporation',
      device_name: 'GA102GL [RTX A6000]',
      iommugroup: 41,
      subsystem_vendor: '0x10de',
      subsystem_device: '0x1459',
    },
    {
      id: '0000:43:00.0',
      class: '0x020000',
      vendor: '0x8086',
      device: '0x1572',
      vendor_name: 'Intel Corporation',
      device_name: 'Ethernet Controller X710 for 10GbE SFP+',
      iommugroup: 42,
      subsystem_vendor: '0x8086',
      subsystem_device: '0x0007',
    },
  ];
  r.add('GET', '/nodes/{node}/hardware/pci', (ctx) =>
    pciDevices.filter(
      (d) =>
        ctx.p['pci-class-blacklist'] === '' ||
        !String(ctx.p['pci-class-blacklist'] ?? '05;06;0b')
          .split(';')
          .some((b) => d.class.slice(2).startsWith(b)),
    ),
  );
  r.add('GET', '/nodes/{node}/hardware/pci/{pci-id-or-mapping}', (ctx) => {
    const id = String(ctx.p['pci-id-or-mapping']);
    return pciDevices
      .filter((d) =>
        d.id.startsWith(id.includes(':') && id.split(':').length === 2 ? `0000:${id}` : id),
      )
      .map(() => ({ index: index(['mdev'], 'method') })).length
      ? [{ method: 'mdev' }]
      : [];
  });
  r.add('GET', '/nodes/{node}/hardware/pci/{pci-id-or-mapping}/mdev', () => [
    {
      type: 'nvidia-471',
      available: 4,
      description:
        'num_heads=1, frl_config=60, framebuffer=20480M, max_resolution=4096x2400, max_instance=4',
      name: 'GRID A100-20C',
    },
    {
      type: 'nvidia-472',
      available: 2,
      description:
        'num_heads=1, frl_config=60, framebuffer=40960M, max_resolution=4096x2400, max_instance=2',
      name: 'GRID A100-40C',
    },
  ]);

  // storage per node
  r.add('GET', '/nodes/{node}/storage', (ctx) => {
    const { c, p, auth } = ctx;
    const node = String(p.node);
    const usage = storageUsage(c);
    const wanted = p.content ? String(p.content).split(',') : undefined;
    return c.storages
      .filter((s) => storageOnNode(s, node))
      .filter((s) =>
        hasPriv(
          c,
          auth,
          `/storage/${s.storage}`,
          ['Datastore.Audit', 'Datastore.AllocateSpace'],
          true,
        ),
      )
      .filter((s) => !p.storage || s.storage === p.storage)
      .filter((s) => !wanted || wanted.some((w) => String(s.content).split(',').includes(w)))
      .filter((s) => p.enabled === undefined || !p.enabled || !s.disable)
      .map((s) => ({
        storage: s.storage,
        type: s.type,
        content: s.content,
        shared: s.shared,
        ...storageStatus(c, s, node, usage),
      }));
  });
  r.add('GET', '/nodes/{node}/storage/{storage}', () =>
    index([
      'content',
      'download-url',
      'file-restore',
      'import-metadata',
      'prunebackups',
      'rrd',
      'rrddata',
      'status',
      'upload',
    ]),
  );
  r.add('GET', '/nodes/{node}/storage/{storage}/status', (ctx) => {
    const s = storageOrFail(ctx.c, String(ctx.p.storage));
    if (!storageOnNode(s, String(ctx.p.node)))
      throw new PveError(500, `storage '${s.storage}' is not available on node '${ctx.p.node}'`);
    return {
      type: s.type,
      content: s.content,
      shared: s.shared,
      ...storageStatus(ctx.c, s, String(ctx.p.node)),
    };
  });
  r.add('GET', '/nodes/{node}/storage/{storage}/rrddata', (ctx) => {
    const s = storageOrFail(ctx.c, String(ctx.p.storage));
    const st = storageStatus(ctx.c, s, String(ctx.p.node));
    return rrdSeries(
      s.storage.length * 131,
      String(ctx.p.timeframe),
      String(ctx.p.cf ?? 'AVERAGE'),
      (_t, load) => ({ total: st.total, used: Math.round(st.used * (0.97 + 0.03 * load)) }),
    );
  });
  r.add('GET', '/nodes/{node}/storage/{storage}/content', (ctx) => {
    const { c, p } = ctx;
    const s = storageOrFail(c, String(p.storage));
    if (!storageOnNode(s, String(p.node)))
      throw new PveError(500, `storage '${s.storage}' is not available on node '${p.node}'`);
    return listVolumes(c, s, String(p.node))
      .filter((v) => !p.content || v.content === p.content)
      .filter((v) => p.vmid === undefined || v.vmid === Number(p.vmid))
      .filter((v) => canSeeVolume(ctx, v))
      .map(contentItem);
  });
  const volumeOrFail = (ctx: RouteCtx) => {
    const v = findVolume(ctx.c, String(ctx.p.storage), String(ctx.p.node), String(ctx.p.volume));
    if (!v) throw new PveError(500, `volume '${ctx.p.volume}' does not exist`);
    if (!canSeeVolume(ctx, v)) throw forbidden(`/storage/${v.storage}, Datastore.Audit`);
    return v;
  };
  r.add('GET', '/nodes/{node}/storage/{storage}/content/{volume}', (ctx) => {
    const v = volumeOrFail(ctx);
    return {
      path: `/var/lib/vz/dump/${v.volid.split('/').pop()}`,
      size: v.size,
      used: v.size,
      format: v.format,
      ...(v.notes ? { notes: v.notes } : {}),
      protected: v.protected ? 1 : 0,
    };
  });
  r.add('PUT', '/nodes/{node}/storage/{storage}/content/{volume}', (ctx) => {
    const v = volumeOrFail(ctx);
    if (ctx.p.notes !== undefined) v.notes = String(ctx.p.notes);
    if (ctx.p.protected !== undefined) v.protected = bool(ctx.p.protected);
    return null;
  });
  r.add('DELETE', '/nodes/{node}/storage/{storage}/content/{volume}', (ctx) => {
    const v = volumeOrFail(ctx);
    const { c, auth } = ctx;
    const allocate = hasPriv(c, auth, `/storage/${v.storage}`, ['Datastore.Allocate']);
    // backups of guests the caller may back up need only AllocateSpace (PVE's check_volume_access)
    const g = v.vmid !== undefined ? c.guests.get(v.vmid) : undefined;
    const ownBackup =
      v.content === 'backup' &&
      v.vmid !== undefined &&
      hasPriv(c, auth, `/storage/${v.storage}`, ['Datastore.AllocateSpace']) &&
      (g
        ? guestPriv(c, auth, g, ['VM.Backup'])
        : hasPriv(c, auth, `/vms/${v.vmid}`, ['VM.Backup']));
    if (!allocate && !ownBackup) throw forbidden(`/storage/${v.storage}, Datastore.Allocate`);
    if (v.protected) throw new PveError(500, `backup '${v.volid}' is protected, cannot remove`);
    const upid = ctx.rt.task(ctx.auth, {
      node: String(ctx.p.node),
      type: 'imgdel',
      // PVE forks imgdel without an id (API2::Storage::Content delete): a volid's ':' cannot be in a UPID.
      durationMs: 200,
      preamble: [`Removed volume '${v.volid}'`],
      work: () => {
        ctx.c.volumes = ctx.c.volumes.filter((x) => x !== v);
        const s = ctx.c.storages.find((x) => x.storage === v.storage);
        if (s)
          unshareVolume(
            ctx.rt.peers.map((x) => x.state),
            ctx.c,
            s,
            v,
          );
      },
    });
    return ctx.p.delay ? null : upid;
  });
  r.add('GET', '/nodes/{node}/storage/{storage}/prunebackups', (ctx) =>
    pruneStorage(
      ctx,
      String(ctx.p.storage),
      String(ctx.p.node),
      ctx.p['prune-backups'] as string | undefined,
      ctx.p.vmid as number | undefined,
      ctx.p.type as string | undefined,
    ),
  );
  r.add('DELETE', '/nodes/{node}/storage/{storage}/prunebackups', (ctx) => {
    const store = `/storage/${ctx.p.storage}`;
    if (!hasPriv(ctx.c, ctx.auth, store, ['Datastore.Allocate'])) {
      const g = ctx.p.vmid !== undefined ? ctx.c.guests.get(Number(ctx.p.vmid)) : undefined;
      const viaBackup =
        !!g &&
        guestPriv(ctx.c, ctx.auth, g, ['VM.Backup']) &&
        hasPriv(ctx.c, ctx.auth, store, ['Datastore.AllocateSpace']);
      if (!viaBackup) throw forbidden(`${store}, Datastore.Allocate`);
    }
    const marks = pruneStorage(
      ctx,
      String(ctx.p.storage),
      String(ctx.p.node),
      ctx.p['prune-backups'] as string | undefined,
      ctx.p.vmid as number | undefined,
      ctx.p.type as string | undefined,
      true,
    );
    return ctx.rt.task(ctx.auth, {
      node: String(ctx.p.node),
      type: 'prunebackups',
      id: String(ctx.p.storage),
      durationMs: 300,
      work: (log) => {
        pruneStorage(
          ctx,
          String(ctx.p.storage),
          String(ctx.p.node),
          ctx.p['prune-backups'] as string | undefined,
          ctx.p.vmid as number | undefined,
          ctx.p.type as string | undefined,
          false,
        );
        for (const m of marks) log(`${m.mark === 'remove' ? 'removed' : 'kept'} ${m.volid}`);
      },
    });
  });
  r.add('GET', '/nodes/{node}/storage/{storage}/import-metadata', (ctx) => {
    const s = storageOrFail(ctx.c, String(ctx.p.storage));
    const volume = String(ctx.p.volume);
    const path = volume.startsWith(`${s.storage}:`) ? volume.slice(s.storage.length + 1) : volume;
    if (s.type !== 'esxi') {
      const v = findVolume(ctx.c, s.storage, String(ctx.p.node), volume);
      if (!v || v.content !== 'import')
        throw new PveError(500, `volume '${volume}' does not exist`);
      return {
        type: 'vm',
        source: 'esxi',
        'create-args': {
          name: 'appliance',
          ostype: 'l26',
          cores: 2,
          memory: 2048,
          scsihw: 'virtio-scsi-single',
        },
        disks: { scsi0: { volid: `${v.volid}/disk1.vmdk`, size: 10 * GiB } },
        net: { net0: { model: 'vmxnet3' } },
        warnings: [{ type: 'ova-needs-extracting' }],
      };
    }
    const e = esxiGuestsOf(ctx.c, s).find((x) => x.path === path);
    if (!e) throw new PveError(500, `failed to get metadata for '${volume}': no such VM`);
    return esxiImportMetadata(s.storage, e);
  });
  void Reply;
}

/**
 * What PVE's ESXi plugin derives from a .vmx (ESXiPlugin.pm get_create_args): create-args, one
 * import-from source per disk, NICs without a bridge, an efidisk for EFI guests, and warnings.
 */
function esxiImportMetadata(storage: string, e: EsxiGuest) {
  const efi = e.firmware ? e.firmware === 'efi' : e.ostype.startsWith('win');
  const warnings: Array<{ type: string; key?: string; value?: string }> = [];
  if (efi) warnings.push({ type: 'efi-state-lost', key: 'bios', value: 'ovmf' });
  if (e.power === 'poweredOn') warnings.push({ type: 'guest-is-running' });
  const nics = e.nics ?? [
    {
      model: 'vmxnet3',
      macaddr: `00:50:56:${(e.name.length * 7).toString(16).padStart(2, '0')}:12:34`,
    },
  ];
  return {
    type: 'vm',
    source: 'esxi',
    'create-args': {
      name: e.name,
      ostype: e.ostype,
      cores: e.cores,
      sockets: 1,
      memory: e.memory,
      bios: efi ? 'ovmf' : 'seabios',
      scsihw: 'pvscsi',
      boot: `order=${e.disks.map((_d, i) => `scsi${i}`).join(';')}`,
      ...(e.uuid ? { smbios1: `uuid=${e.uuid}` } : {}),
    },
    disks: {
      ...Object.fromEntries(
        e.disks.map((gb, i) => [
          `scsi${i}`,
          { volid: `${storage}:${esxiDiskPath(e, i)}`, size: gb * GiB },
        ]),
      ),
      ...(efi ? { efidisk0: 1 } : {}),
    },
    net: Object.fromEntries(
      nics.map((n, i) => [`net${i}`, { model: n.model, macaddr: n.macaddr }]),
    ),
    warnings,
  };
}
