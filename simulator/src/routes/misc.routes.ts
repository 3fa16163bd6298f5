import { hasPriv } from '../auth/acl';
import { PveError } from '../errors';
import type { Router, RouteCtx } from '../router';
import type { Guest } from '../world/types';
import { storageOrFail } from '../world/storage';
import { guestUsage } from '../world/metrics';
import { bool, index, now } from './helpers';
import { firewallState } from './firewall.routes';
import { assertAgentAvailable } from '../world/agent';
import { LXC_TEMPLATES } from '../world/generate';
import { guestStorages } from '../world/storage';

const CI_KEYS =
  /^(ciuser|cipassword|citype|ciupgrade|cicustom|sshkeys|nameserver|searchdomain|ipconfig\d+)$/;

function runningWithAgent(ctx: RouteCtx): Guest {
  const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), 'qemu');
  assertAgentAvailable(g);
  return g;
}

const execs = new Map<string, { pid: number; command: string; at: number }>();

export function registerMiscRoutes(r: Router): void {
  // cloud-init
  r.add('GET', '/nodes/{node}/qemu/{vmid}/cloudinit', (ctx) => {
    const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), 'qemu');
    const keys = new Set(
      [...Object.keys(g.config), ...Object.keys(g.pending)].filter((k) => CI_KEYS.test(k)),
    );
    return [...keys].sort().map((key) => ({
      key,
      ...(g.config[key] !== undefined
        ? { value: key === 'cipassword' ? '**********' : String(g.config[key]) }
        : {}),
      ...(g.pending[key] !== undefined
        ? { pending: key === 'cipassword' ? '**********' : String(g.pending[key]) }
        : {}),
    }));
  });
  r.add('PUT', '/nodes/{node}/qemu/{vmid}/cloudinit', (ctx) => {
    const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), 'qemu');
    for (const k of Object.keys(g.pending))
      if (CI_KEYS.test(k)) {
        g.config[k] = g.pending[k];
        delete g.pending[k];
      }
    delete g.digest;
    return null;
  });
  r.add('GET', '/nodes/{node}/qemu/{vmid}/cloudinit/dump', (ctx) => {
    const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), 'qemu');
    const cfg = g.config;
    if (ctx.p.type === 'meta') return `instance-id: ${String(cfg.vmgenid ?? g.vmid)}\n`;
    if (ctx.p.type === 'network') {
      const lines = ['version: 1', 'config:'];
      for (const [k, v] of Object.entries(cfg)) {
        const m = /^ipconfig(\d+)$/.exec(k);
        if (!m) continue;
        const mac =
          /=([0-9A-F:]{17})/i.exec(String(cfg[`net${m[1]}`] ?? ''))?.[1]?.toLowerCase() ?? '';
        const ip = /ip=([^,]+)/.exec(String(v))?.[1];
        lines.push(
          `    - type: physical`,
          `      name: eth${m[1]}`,
          `      mac_address: '${mac}'`,
          `      subnets:`,
        );
        lines.push(
          ip === 'dhcp' || !ip
            ? `      - type: dhcp4`
            : `      - type: static\n        address: '${ip}'${/gw=([^,]+)/.test(String(v)) ? `\n        gateway: '${/gw=([^,]+)/.exec(String(v))![1]}'` : ''}`,
        );
        // IPv6 as Proxmox writes it: a static6 subnet (or dhcp6 for ip6=dhcp).
        const ip6 = /(?:^|,)ip6=([^,]+)/.exec(String(v))?.[1];
        const gw6 = /(?:^|,)gw6=([^,]+)/.exec(String(v))?.[1];
        if (ip6 === 'dhcp') lines.push(`      - type: dhcp6`);
        else if (ip6 && ip6 !== 'auto') {
          lines.push(
            `      - type: static6\n        address: '${ip6}'${gw6 ? `\n        gateway: '${gw6}'` : ''}`,
          );
        }
      }
      return lines.join('\n') + '\n';
    }
    const user = String(cfg.ciuser ?? 'root');
    return `#cloud-config\nhostname: ${cfg.name ?? g.vmid}\nmanage_etc_hosts: true\nfqdn: ${cfg.name ?? g.vmid}\nuser: ${user}\n${cfg.sshkeys ? `ssh_authorized_keys:\n  - ${decodeURIComponent(String(cfg.sshkeys)).trim()}\n` : ''}chpasswd:\n  expire: False\npackage_upgrade: ${cfg.ciupgrade === 0 ? 'false' : 'true'}\n`;
  });

  // guest agent
  r.add('GET', '/nodes/{node}/qemu/{vmid}/agent', () =>
    index(
      [
        'exec',
        'exec-status',
        'get-fsinfo',
        'get-host-name',
        'get-osinfo',
        'get-time',
        'get-timezone',
        'info',
        'network-get-interfaces',
        'ping',
      ],
      'name',
    ),
  );
  r.add('POST', '/nodes/{node}/qemu/{vmid}/agent/ping', (ctx) => {
    runningWithAgent(ctx);
    return { result: {} };
  });
  r.add('GET', '/nodes/{node}/qemu/{vmid}/agent/info', (ctx) => {
    runningWithAgent(ctx);
    return {
      result: {
        version: '9.2.0',
        supported_commands: [
          'guest-ping',
          'guest-exec',
          'guest-get-osinfo',
          'guest-network-get-interfaces',
        ].map((name) => ({ name, enabled: true, 'success-response': true })),
      },
    };
  });
  r.add('GET', '/nodes/{node}/qemu/{vmid}/agent/get-osinfo', (ctx) => {
    const g = runningWithAgent(ctx);
    const win = /^win/.test(String(g.config.ostype));
    return {
      result: win
        ? {
            id: 'mswindows',
            name: 'Microsoft Windows',
            'pretty-name': 'Windows Server 2022 Datacenter',
            version: 'Microsoft Windows Server 2022',
            'kernel-release': '20348',
            machine: 'x86_64',
          }
        : {
            id: 'debian',
            name: 'Debian GNU/Linux',
            'pretty-name': 'Debian GNU/Linux 12 (bookworm)',
            version: '12 (bookworm)',
            'version-id': '12',
            'kernel-release': '6.1.0-26-amd64',
            'kernel-version': '#1 SMP PREEMPT_DYNAMIC Debian 6.1.112-1',
            machine: 'x86_64',
          },
    };
  });
  r.add('GET', '/nodes/{node}/qemu/{vmid}/agent/get-host-name', (ctx) => ({
    result: { 'host-name': String(runningWithAgent(ctx).config.name ?? '') },
  }));
  r.add('GET', '/nodes/{node}/qemu/{vmid}/agent/get-time', (ctx) => {
    runningWithAgent(ctx);
    return { result: Date.now() * 1e6 };
  });
  r.add('GET', '/nodes/{node}/qemu/{vmid}/agent/get-timezone', (ctx) => {
    runningWithAgent(ctx);
    return { result: { zone: 'UTC', offset: 0 } };
  });
  r.add('GET', '/nodes/{node}/qemu/{vmid}/agent/get-fsinfo', (ctx) => {
    runningWithAgent(ctx);
    return {
      result: [
        {
          name: 'sda1',
          mountpoint: '/',
          type: 'ext4',
          'total-bytes': 31e9,
          'used-bytes': 9e9,
          disk: [{ 'bus-type': 'scsi', bus: 0, target: 0, unit: 0 }],
        },
      ],
    };
  });
  r.add('POST', '/nodes/{node}/qemu/{vmid}/agent/exec', (ctx) => {
    const g = runningWithAgent(ctx);
    const pid = 1000 + execs.size;
    const command = Array.isArray(ctx.p.command) ? ctx.p.command.join(' ') : String(ctx.p.command);
    execs.set(`${g.vmid}/${pid}`, { pid, command, at: Date.now() });
    return { pid };
  });
  r.add('GET', '/nodes/{node}/qemu/{vmid}/agent/exec-status', (ctx) => {
    const g = runningWithAgent(ctx);
    const e = execs.get(`${g.vmid}/${ctx.p.pid}`);
    if (!e) throw new PveError(500, `Agent error: Invalid parameter 'pid'`);
    const out = /^(echo)\s+(.*)$/.exec(e.command);
    return {
      exited: 1,
      exitcode: 0,
      'out-data': out ? `${out[2]}\n` : `simulated: ${e.command}\n`,
    };
  });

  // disks and misc qemu actions
  r.add('POST', '/nodes/{node}/qemu/{vmid}/move_disk', (ctx) => {
    const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), 'qemu');
    ctx.rt.checkLock(g);
    const disk = String(ctx.p.disk);
    const cur = g.config[disk];
    if (cur === undefined) throw new PveError(500, `disk '${disk}' does not exist`);
    if (!ctx.p.storage && !ctx.p['target-vmid'])
      throw new PveError(400, 'Parameter verification failed.', {
        storage: 'either storage or target-vmid is required',
      });
    const target = ctx.p.storage ? storageOrFail(ctx.c, String(ctx.p.storage)).storage : undefined;
    return ctx.rt.task(ctx.auth, {
      node: g.node,
      type: 'qmmove',
      id: g.vmid,
      lock: { guest: g, name: 'disk' },
      durationMs: 1200,
      work: () => {
        if (!target) return;
        const parts = String(g.config[disk]).split(',');
        const name = parts[0].split(':')[1] ?? `vm-${g.vmid}-disk-9`;
        const newVol = `${target}:${name.replace(/^base-\d+-disk-\d+\//, '')}`;
        if (!ctx.p.delete)
          g.config[`unused${Object.keys(g.config).filter((k) => k.startsWith('unused')).length}`] =
            parts[0];
        g.config[disk] = [newVol, ...parts.slice(1)].join(',');
        delete g.digest;
      },
    });
  });
  r.add('PUT', '/nodes/{node}/qemu/{vmid}/unlink', (ctx) => {
    const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), 'qemu');
    ctx.rt.checkLock(g);
    for (const k of String(ctx.p.idlist)
      .split(/[,;\s]+/)
      .filter(Boolean))
      delete g.config[k];
    delete g.digest;
    return null;
  });
  r.add('PUT', '/nodes/{node}/qemu/{vmid}/sendkey', (ctx) => {
    const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), 'qemu');
    if (g.status !== 'running') throw new PveError(500, `VM ${g.vmid} not running`);
    return null;
  });
  r.add('GET', '/nodes/{node}/qemu/{vmid}/feature', (ctx) => {
    const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), 'qemu');
    const shared = guestStorages(g).every((s) => storageOrFail(ctx.c, s).shared);
    return {
      hasFeature: ['snapshot', 'clone', 'copy'].includes(String(ctx.p.feature)) ? 1 : 0,
      nodes: shared ? ctx.c.nodes.map((n) => n.name) : [g.node],
    };
  });

  // HA
  const ha = (ctx: RouteCtx) => firewallState(ctx.c).ha;
  r.add('GET', '/cluster/ha/resources', (ctx) =>
    Object.values(ha(ctx))
      .filter((x) => !ctx.p.type || x.type === ctx.p.type)
      .map((x) => ({ ...x, digest: '0'.repeat(40) })),
  );
  const sidOf = (s: unknown) => (/^\d+$/.test(String(s)) ? `vm:${s}` : String(s));
  r.add('POST', '/cluster/ha/resources', (ctx) => {
    const sid = sidOf(ctx.p.sid);
    const vmid = Number(sid.split(':')[1]);
    const g = ctx.c.guests.get(vmid);
    if (!g) throw new PveError(500, `unable to find ${sid}`);
    if (ha(ctx)[sid]) throw new PveError(500, `resource ID '${sid}' already defined`);
    ha(ctx)[sid] = {
      sid,
      type: g.type === 'qemu' ? 'vm' : 'ct',
      state: String(ctx.p.state ?? 'started'),
      max_restart: Number(ctx.p.max_restart ?? 1),
      max_relocate: Number(ctx.p.max_relocate ?? 1),
      ...(ctx.p.comment ? { comment: String(ctx.p.comment) } : {}),
      ...(ctx.p.group ? { group: String(ctx.p.group) } : {}),
    };
    return null;
  });
  const haOrFail = (ctx: RouteCtx) => {
    const x = ha(ctx)[sidOf(ctx.p.sid)];
    if (!x) throw new PveError(500, `no such resource '${ctx.p.sid}'`);
    return x;
  };
  r.add('GET', '/cluster/ha/resources/{sid}', (ctx) => ({
    ...haOrFail(ctx),
    digest: '0'.repeat(40),
  }));
  r.add('PUT', '/cluster/ha/resources/{sid}', (ctx) => {
    const x = haOrFail(ctx);
    for (const k of ['state', 'comment', 'max_restart', 'max_relocate', 'group', 'failback'])
      if (ctx.p[k] !== undefined) x[k] = ctx.p[k] as string | number;
    return null;
  });
  r.add('DELETE', '/cluster/ha/resources/{sid}', (ctx) => {
    haOrFail(ctx);
    delete ha(ctx)[sidOf(ctx.p.sid)];
    return null;
  });

  // node odds and ends used by management UIs
  r.add('GET', '/nodes/{node}/capabilities', () => index(['qemu'], 'name'));
  r.add('GET', '/nodes/{node}/capabilities/qemu', () =>
    index(['cpu', 'cpu-flags', 'machines', 'migration'], 'name'),
  );
  r.add('GET', '/nodes/{node}/capabilities/qemu/cpu', () =>
    [
      'host',
      'kvm64',
      'qemu64',
      'x86-64-v2-AES',
      'x86-64-v3',
      'x86-64-v4',
      'EPYC-Milan',
      'Skylake-Server',
      'Cascadelake-Server',
      'Icelake-Server',
    ].map((name) => ({
      name,
      vendor: /EPYC/.test(name) ? 'AuthenticAMD' : /lake/.test(name) ? 'GenuineIntel' : 'default',
      custom: 0,
    })),
  );
  r.add('GET', '/nodes/{node}/capabilities/qemu/machines', () =>
    ['9.2', '9.0', '8.1'].flatMap((v) => [
      { id: `pc-q35-${v}`, type: 'q35', version: v },
      { id: `pc-i440fx-${v}`, type: 'i440fx', version: v },
    ]),
  );
  r.add('GET', '/nodes/{node}/disks/list', () =>
    ['nvme0n1', 'nvme1n1', 'nvme2n1', 'nvme3n1', 'nvme4n1'].map((d, i) => ({
      devpath: `/dev/${d}`,
      gpt: 1,
      mounted: i === 0 ? 1 : 0,
      osdid: i === 0 ? -1 : i - 1,
      'osdid-list': i === 0 ? [] : [i - 1],
      size: 3.84e12,
      model: 'SAMSUNG MZQL23T8HCLS',
      serial: `S64HNE0R${100000 + i}`,
      health: 'PASSED',
      used: i === 0 ? 'BIOS boot' : 'LVM',
      vendor: 'unknown',
      wwn: `eui.36344630528${i}`,
    })),
  );
  r.add('GET', '/nodes/{node}/services', () =>
    [
      ['pveproxy', 'PVE API Proxy Server'],
      ['pvedaemon', 'PVE API Daemon'],
      ['pvestatd', 'PVE Status Daemon'],
      ['pve-cluster', 'The Proxmox VE cluster filesystem'],
      ['corosync', 'Corosync Cluster Engine'],
      ['pve-firewall', 'Proxmox VE firewall'],
      ['chrony', 'chrony, an NTP client/server'],
      ['sshd', 'OpenBSD Secure Shell server'],
    ].map(([service, desc]) => ({
      service,
      name: service,
      desc,
      state: 'running',
      'active-state': 'active',
      'unit-state': 'enabled',
    })),
  );
  r.add('GET', '/nodes/{node}/syslog', (ctx) => {
    const start = Number(ctx.p.start ?? 0);
    const limit = Number(ctx.p.limit ?? 50);
    const lines = Array.from(
      { length: 20 },
      (_, i) =>
        `${new Date((now() - (20 - i) * 60) * 1000).toISOString()} ${ctx.p.node} pvestatd[1234]: status update time (0.${100 + i}s)`,
    );
    return lines.slice(start, start + limit).map((t, i) => ({ n: start + i + 1, t }));
  });
  r.add('GET', '/cluster/log', (ctx) =>
    ctx.c.tasks
      .filter((t) => hasPriv(ctx.c, ctx.auth, '/', ['Sys.Syslog']) || t.user === ctx.auth.authid)
      .slice(-Number(ctx.p.max ?? 50))
      .reverse()
      .map((t, i) => ({
        uid: i + 1,
        time: t.starttime,
        pri: 6,
        tag: 'pvedaemon',
        pid: t.pid,
        node: t.node,
        user: t.user,
        msg: `${t.status === 'running' ? 'starting' : 'end'} task ${t.upid}${t.exitstatus ? ` ${t.exitstatus}` : ''}`,
      })),
  );
  r.add('GET', '/cluster/replication', () => []);
  r.add('GET', '/cluster/metrics', () => index(['server', 'export'], 'name'));
  r.add('GET', '/cluster/metrics/server', () => []);
  r.add('GET', '/nodes/{node}/journal', (ctx) =>
    Array.from(
      { length: Math.min(Number(ctx.p.lastentries ?? 20), 500) },
      (_, i) =>
        `${new Date((now() - (20 - i) * 30) * 1000).toISOString()} ${ctx.p.node} pveproxy[4321]: worker ${4400 + i} started`,
    ),
  );
  r.add('GET', '/nodes/{node}/netstat', (ctx) => {
    const out: Array<Record<string, unknown>> = [];
    for (const g of ctx.c.guests.values()) {
      if (g.node !== ctx.p.node || g.status !== 'running') continue;
      for (const k of Object.keys(g.config).filter((x) => /^net\d+$/.test(x))) {
        const i = k.slice(3);
        out.push({
          dev: g.type === 'qemu' ? `tap${g.vmid}i${i}` : `veth${g.vmid}i${i}`,
          vmid: String(g.vmid),
          in: String(guestUsage(g).netin),
          out: String(guestUsage(g).netout),
        });
      }
      if (out.length > 5000) break;
    }
    return out;
  });
  r.add('GET', '/nodes/{node}/hosts', (ctx) => ({
    data: `127.0.0.1 localhost.localdomain localhost\n${ctx.c.nodes.map((n) => `${n.ip} ${n.name}.sim.local ${n.name}`).join('\n')}\n`,
    digest: '0'.repeat(40),
  }));
  r.add(
    'GET',
    '/nodes/{node}/report',
    (ctx) =>
      `==== general system info ====\n\n# hostname\n${ctx.p.node}\n\n# pveversion --verbose\nproxmox-ve: 9.1.0 (simulated)\npve-manager: 9.1.9\n`,
  );
  r.add('GET', '/nodes/{node}/disks', () =>
    index(['list', 'smart', 'lvm', 'lvmthin', 'directory', 'zfs', 'initgpt', 'wipedisk'], 'name'),
  );
  r.add('GET', '/nodes/{node}/hardware/usb', () => [
    {
      busnum: 1,
      devnum: 1,
      port: 0,
      level: 0,
      class: 9,
      vendid: '1d6b',
      prodid: '0002',
      speed: '480',
      manufacturer: 'Linux Foundation',
      product: '2.0 root hub',
    },
    {
      busnum: 1,
      devnum: 2,
      port: 1,
      level: 1,
      class: 0,
      vendid: '0781',
      prodid: '5583',
      speed: '480',
      manufacturer: 'SanDisk',
      product: 'Ultra Fit',
      serial: '4C530001230925117183',
    },
  ]);
  r.add('POST', '/nodes/{node}/qemu/{vmid}/monitor', (ctx) => {
    const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), 'qemu');
    if (g.status !== 'running') throw new PveError(500, `VM ${g.vmid} not running`);
    const cmd = String(ctx.p.command).trim();
    if (cmd === 'info status') return `VM status: ${g.qmpstatus ?? 'running'}\n`;
    if (cmd === 'info version') return '9.2.0pve-qemu-kvm-9.2.0-5\n';
    return `simulated monitor: '${cmd}' accepted\n`;
  });
  r.add('GET', '/cluster/config/nodes', (ctx) =>
    ctx.c.nodes.map((n) => ({ node: n.name, nodeid: n.nodeid, votes: 1, ring0_addr: n.ip })),
  );
  r.add('GET', '/access/tfa', (ctx) =>
    Object.keys(ctx.c.users)
      .filter((u) => u === ctx.auth.user || ctx.auth.user === 'root@pam')
      .map((userid) => ({ userid, entries: [] })),
  );
  r.add('GET', '/access/tfa/{userid}', () => []);
  r.add('GET', '/nodes/{node}/certificates/info', (ctx) => {
    const pem = ctx.rt.certPem();
    const nowS = now();
    return [
      {
        filename: 'pve-ssl.pem',
        fingerprint: ctx.rt.fingerprint(),
        issuer: '/CN=localhost/O=PVE Cluster Node (simulated)',
        subject: '/CN=localhost/O=PVE Cluster Node (simulated)',
        notbefore: nowS - 86400,
        notafter: nowS + 2 * 365 * 86400,
        'public-key-type': 'rsaEncryption',
        'public-key-bits': 2048,
        san: ['127.0.0.1', 'localhost', String(ctx.p.node)],
        pem,
      },
    ];
  });
  r.add('GET', '/nodes/{node}/config', (ctx) => ({
    description: `Simulated node ${ctx.p.node}`,
    digest: '0'.repeat(40),
  }));
  r.add('GET', '/nodes/{node}/apt/update', () => []);
  r.add('GET', '/nodes/{node}/apt/versions', () =>
    [
      ['proxmox-ve', '9.1.0'],
      ['pve-manager', '9.1.9'],
      ['qemu-server', '9.1.2'],
      ['pve-container', '6.0.13'],
      ['pve-qemu-kvm', '9.2.0-5'],
      ['proxmox-kernel-6.14', '6.14.11-4'],
    ].map(([Package, Version]) => ({
      Package,
      Version,
      Title: Package,
      Description: `${Package} (simulated)`,
      Arch: 'amd64',
      CurrentState: 'Installed',
      Origin: 'Proxmox',
      Priority: 'optional',
      Section: 'admin',
    })),
  );
  r.add('GET', '/cluster/jobs', () => index(['realm-sync', 'schedule-analyze'], 'subdir'));

  // templates and ISO downloads
  r.add('GET', '/nodes/{node}/aplinfo', () =>
    LXC_TEMPLATES.map((t) => ({
      template: t,
      package: t.split('_')[0],
      os: t.split('-')[0],
      version: t.split('_')[1] ?? '1',
      section: 'system',
      type: 'lxc',
      headline: `${t.split('-')[0]} base image`,
      description: `Simulated appliance ${t}`,
      location: `http://download.proxmox.com/images/system/${t}`,
      infopage: 'https://www.proxmox.com',
      sha512sum: '0'.repeat(128),
    })),
  );
  r.add('POST', '/nodes/{node}/aplinfo', (ctx) => {
    const s = storageOrFail(ctx.c, String(ctx.p.storage));
    const t = String(ctx.p.template);
    const node = String(ctx.p.node);
    return ctx.rt.task(ctx.auth, {
      node,
      type: 'download',
      id: t,
      durationMs: 1000,
      work: () => {
        if (!ctx.c.volumes.some((v) => v.volid === `${s.storage}:vztmpl/${t}` && v.node === node))
          ctx.c.volumes.push({
            volid: `${s.storage}:vztmpl/${t}`,
            storage: s.storage,
            node: s.shared ? '' : node,
            content: 'vztmpl',
            format: 'tzst',
            size: 120_000_000,
            ctime: now(),
          });
      },
    });
  });
  r.add('POST', '/nodes/{node}/storage/{storage}/upload', (ctx) => {
    const s = storageOrFail(ctx.c, String(ctx.p.storage));
    const content = String(ctx.p.content);
    if (!String(s.content).split(',').includes(content))
      throw new PveError(500, `storage '${s.storage}' does not support content-type '${content}'`);
    if (!ctx.upload)
      throw new PveError(400, 'Parameter verification failed.', {
        filename: 'upload file missing (multipart/form-data)',
      });
    const filename = String(ctx.p.filename).replace(/[^\w.+-]/g, '_');
    if (content === 'iso' && !/\.(iso|img)$/i.test(filename))
      throw new PveError(500, `wrong file extension`);
    const node = String(ctx.p.node);
    const dir = content === 'iso' ? 'iso' : content === 'vztmpl' ? 'vztmpl' : 'import';
    const volid = `${s.storage}:${dir}/${filename}`;
    const size = ctx.upload.size;
    const data = ctx.upload.data?.toString('base64');
    return ctx.rt.task(ctx.auth, {
      node,
      type: 'imgcopy',
      id: '',
      durationMs: 300,
      preamble: [
        `starting file import from: /var/tmp/pveupload-${size.toString(16)}`,
        `target node: ${node}`,
        `target file: /var/lib/vz/template/${dir}/${filename}`,
        `file size is: ${size}`,
      ],
      work: (log) => {
        ctx.c.volumes = ctx.c.volumes.filter(
          (v) => !(v.volid === volid && (s.shared || v.node === node)),
        );
        ctx.c.volumes.push({
          volid,
          storage: s.storage,
          node: s.shared ? '' : node,
          content,
          format: filename.split('.').pop() ?? 'raw',
          size,
          ctime: now(),
          ...(data !== undefined ? { data } : {}),
        });
        log('finished file import successfully');
      },
    });
  });
  r.add('POST', '/nodes/{node}/storage/{storage}/download-url', (ctx) => {
    const s = storageOrFail(ctx.c, String(ctx.p.storage));
    const content = String(ctx.p.content);
    if (!String(s.content).split(',').includes(content))
      throw new PveError(500, `storage '${s.storage}' does not support content-type '${content}'`);
    const filename = String(ctx.p.filename);
    const node = String(ctx.p.node);
    const dir = content === 'iso' ? 'iso' : content === 'vztmpl' ? 'vztmpl' : 'import';
    const volid = `${s.storage}:${dir}/${filename}`;
    if (ctx.c.volumes.some((v) => v.volid === volid && (s.shared || v.node === node)))
      throw new PveError(500, `refusing to override existing file '${filename}'`);
    return ctx.rt.task(ctx.auth, {
      node,
      type: 'download',
      id: s.storage,
      durationMs: 1500,
      preamble: [`downloading ${ctx.p.url} to /var/lib/vz/template/${dir}/${filename}`],
      work: (log) => {
        ctx.c.volumes.push({
          volid,
          storage: s.storage,
          node: s.shared ? '' : node,
          content,
          format: filename.split('.').pop() ?? 'raw',
          size: 700_000_000,
          ctime: now(),
        });
        log('download of file finished');
        if (ctx.p.checksum) log(`calculating checksum...OK, checksum verified`);
      },
    });
  });
  void bool;
}
