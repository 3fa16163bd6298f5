import { PveError } from '../errors';
import type { Router, RouteCtx } from '../router';
import { bool, splitList } from './helpers';
import { defaultInterfaces } from './nodes.routes';

const IFACE_KEYS = [
  'type',
  'address',
  'address6',
  'autostart',
  'bond-primary',
  'bond_mode',
  'bond_xmit_hash_policy',
  'bridge_ports',
  'bridge_vids',
  'bridge_vlan_aware',
  'cidr',
  'cidr6',
  'comments',
  'comments6',
  'gateway',
  'gateway6',
  'mtu',
  'netmask',
  'netmask6',
  'slaves',
  'vlan-id',
  'vlan-raw-device',
  'ovs_bonds',
  'ovs_bridge',
  'ovs_options',
  'ovs_ports',
  'ovs_tag',
];

function nodeNet(ctx: RouteCtx) {
  const node = String(ctx.p.node);
  ctx.rt.node(node);
  ctx.c.network ??= {};
  return (ctx.c.network[node] ??= { ifaces: defaultInterfaces(ctx) });
}

/** edits go to a staged copy (interfaces.new) until PUT /nodes/{node}/network applies them */
function staged(ctx: RouteCtx) {
  const n = nodeNet(ctx);
  n.staged ??= n.ifaces.map((i) => ({ ...i }));
  return n.staged;
}

function fill(iface: Record<string, unknown>, p: Record<string, unknown>): void {
  for (const k of IFACE_KEYS) if (p[k] !== undefined) iface[k] = p[k];
  if (p.cidr && !p.address) {
    const [addr, mask] = String(p.cidr).split('/');
    iface.address = addr;
    iface.netmask = mask;
  }
  if (iface.address && iface.netmask && !iface.cidr)
    iface.cidr = `${iface.address}/${iface.netmask}`;
  iface.method = iface.address || iface.cidr ? 'static' : 'manual';
  iface.method6 = iface.address6 || iface.cidr6 ? 'static' : 'manual';
  iface.families = ['inet'];
  iface.priority ??= 100;
}

export function registerNetworkRoutes(r: Router): void {
  r.add('GET', '/nodes/{node}/network', (ctx) => {
    const type = ctx.p.type as string | undefined;
    const n = nodeNet(ctx);
    const list: Array<Record<string, unknown>> = (n.staged ?? n.ifaces).map((i) => ({
      ...i,
      ...(n.staged && !n.ifaces.some((x) => x.iface === i.iface) ? { pending: 1 } : {}),
    }));
    const vnets =
      type === 'include_sdn' || type === 'any_bridge'
        ? Object.values(ctx.c.sdn.vnets)
            .filter((v) => v.state !== 'new')
            .map((v) => ({
              iface: String(v.vnet),
              type: 'vnet',
              active: 1,
              method: 'manual',
              method6: 'manual',
              families: ['inet'],
            }))
        : [];
    const filtered = list.filter(
      (i) =>
        !type ||
        type === 'include_sdn' ||
        i.type === type ||
        ((type === 'any_bridge' || type === 'any_local_bridge') &&
          (i.type === 'bridge' || i.type === 'OVSBridge')),
    );
    return [...filtered, ...vnets];
  });
  r.add('GET', '/nodes/{node}/network/{iface}', (ctx) => {
    const n = nodeNet(ctx);
    const i = (n.staged ?? n.ifaces).find((x) => x.iface === ctx.p.iface);
    if (!i) throw new PveError(500, `interface '${ctx.p.iface}' does not exist`);
    return i;
  });
  r.add('POST', '/nodes/{node}/network', (ctx) => {
    const list = staged(ctx);
    const name = String(ctx.p.iface);
    if (list.some((x) => x.iface === name))
      throw new PveError(500, `interface '${name}' already exists`);
    if (ctx.p.type === 'vlan' && !ctx.p['vlan-raw-device'] && !/\.\d+$/.test(name))
      throw new PveError(500, `vlan-raw-device must be set for interface '${name}'`);
    for (const port of splitList(ctx.p.bridge_ports))
      if (!list.some((x) => x.iface === port))
        throw new PveError(500, `bridge port '${port}' does not exist`);
    const iface: Record<string, unknown> = {
      iface: name,
      active: 0,
      exists: 0,
      autostart: ctx.p.autostart === undefined ? 1 : bool(ctx.p.autostart),
    };
    fill(iface, ctx.p);
    list.push(iface);
    return null;
  });
  r.add('PUT', '/nodes/{node}/network/{iface}', (ctx) => {
    const list = staged(ctx);
    const i = list.find((x) => x.iface === ctx.p.iface);
    if (!i) throw new PveError(500, `interface '${ctx.p.iface}' does not exist`);
    if (i.type !== ctx.p.type)
      throw new PveError(500, `interface type mismatch: '${i.type}' != '${ctx.p.type}'`);
    for (const k of splitList(ctx.p.delete)) delete i[k];
    fill(i, ctx.p);
    return null;
  });
  r.add('DELETE', '/nodes/{node}/network/{iface}', (ctx) => {
    const n = nodeNet(ctx);
    const list = staged(ctx);
    const idx = list.findIndex((x) => x.iface === ctx.p.iface);
    if (idx < 0) throw new PveError(500, `interface '${ctx.p.iface}' does not exist`);
    n.staged = list.filter((_, i) => i !== idx);
    return null;
  });
  r.add('PUT', '/nodes/{node}/network', (ctx) => {
    const n = nodeNet(ctx);
    const node = String(ctx.p.node);
    return ctx.rt.task(ctx.auth, {
      node,
      type: 'srvreload',
      id: 'networking',
      durationMs: 600,
      work: (log) => {
        if (n.staged) n.ifaces = n.staged.map((i) => ({ ...i, active: 1, exists: 1 }));
        delete n.staged;
        log('applying network configuration (ifreload -a)');
      },
    });
  });
  r.add('DELETE', '/nodes/{node}/network', (ctx) => {
    delete nodeNet(ctx).staged;
    return null;
  });

  // SDN IPAM (pve built-in): per-vnet entries, listed by ipam status
  const ipam = (ctx: RouteCtx) => (ctx.c.ipam ??= {});
  const subnetFor = (ctx: RouteCtx, vnet: string, ip: string) => {
    const nums = (a: string) => a.split('.').reduce((acc, x) => acc * 256 + Number(x), 0);
    for (const s of Object.values(ctx.c.sdn.subnets)) {
      if (s.vnet !== vnet || typeof s.cidr !== 'string' || s.cidr.includes(':')) continue;
      const [net, bits] = s.cidr.split('/');
      const mask = bits === '0' ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
      if ((nums(ip) & mask) >>> 0 === (nums(net) & mask) >>> 0) return String(s.subnet);
    }
    throw new PveError(500, `ip '${ip}' is not in any subnet of vnet '${vnet}'`);
  };
  r.add('POST', '/cluster/sdn/vnets/{vnet}/ips', (ctx) => {
    const vnet = String(ctx.p.vnet);
    if (!ctx.c.sdn.vnets[vnet]) throw new PveError(500, `vnet '${vnet}' does not exist`);
    const ip = String(ctx.p.ip);
    const list = (ipam(ctx)[vnet] ??= []);
    if (list.some((e) => e.ip === ip)) throw new PveError(500, `IP '${ip}' already exists in IPAM`);
    list.push({
      ip,
      mac: ctx.p.mac as string | undefined,
      zone: String(ctx.p.zone),
      subnet: subnetFor(ctx, vnet, ip),
    });
    return null;
  });
  r.add('PUT', '/cluster/sdn/vnets/{vnet}/ips', (ctx) => {
    const e = (ipam(ctx)[String(ctx.p.vnet)] ?? []).find((x) => x.ip === ctx.p.ip);
    if (!e) throw new PveError(500, `IP '${ctx.p.ip}' not found in IPAM`);
    if (ctx.p.mac !== undefined) e.mac = String(ctx.p.mac);
    if (ctx.p.vmid !== undefined) e.vmid = Number(ctx.p.vmid);
    return null;
  });
  r.add('DELETE', '/cluster/sdn/vnets/{vnet}/ips', (ctx) => {
    const vnet = String(ctx.p.vnet);
    const list = ipam(ctx)[vnet] ?? [];
    if (!list.some((x) => x.ip === ctx.p.ip))
      throw new PveError(500, `IP '${ctx.p.ip}' not found in IPAM`);
    ipam(ctx)[vnet] = list.filter((x) => x.ip !== ctx.p.ip);
    return null;
  });
  r.add('GET', '/cluster/sdn/ipams', (ctx) =>
    [{ ipam: 'pve', type: 'pve' }].filter((x) => !ctx.p.type || x.type === ctx.p.type),
  );
  r.add('GET', '/cluster/sdn/ipams/{ipam}', (ctx) => {
    if (ctx.p.ipam !== 'pve') throw new PveError(500, `sdn ipam '${ctx.p.ipam}' does not exist`);
    return { ipam: 'pve', type: 'pve', digest: '0'.repeat(40) };
  });
  r.add('GET', '/cluster/sdn/ipams/{ipam}/status', (ctx) => {
    if (ctx.p.ipam !== 'pve') throw new PveError(500, `sdn ipam '${ctx.p.ipam}' does not exist`);
    const out: Array<Record<string, unknown>> = [];
    for (const s of Object.values(ctx.c.sdn.subnets))
      if (s.gateway)
        out.push({ zone: s.zone, vnet: s.vnet, subnet: s.cidr, ip: s.gateway, gateway: 1 });
    for (const [vnet, list] of Object.entries(ipam(ctx)))
      for (const e of list)
        out.push({
          zone: e.zone,
          vnet,
          subnet: ctx.c.sdn.subnets[e.subnet]?.cidr ?? e.subnet,
          ip: e.ip,
          ...(e.mac ? { mac: e.mac } : {}),
          ...(e.vmid ? { vmid: e.vmid } : {}),
        });
    return out;
  });
  r.add('GET', '/cluster/sdn/controllers', () => []);
  r.add('GET', '/cluster/sdn/dns', () => []);
  r.add('GET', '/nodes/{node}/sdn', () => [
    { subdir: 'zones' },
    { subdir: 'vnets' },
    { subdir: 'fabrics' },
  ]);
  r.add('GET', '/nodes/{node}/sdn/zones', (ctx) =>
    Object.values(ctx.c.sdn.zones)
      .filter((z) => z.state !== 'new')
      .map((z) => ({ zone: String(z.zone), status: 'available' })),
  );
  r.add('GET', '/nodes/{node}/sdn/zones/{zone}/content', (ctx) => {
    if (!ctx.c.sdn.zones[String(ctx.p.zone)])
      throw new PveError(500, `zone '${ctx.p.zone}' does not exist`);
    return Object.values(ctx.c.sdn.vnets)
      .filter((v) => v.zone === ctx.p.zone && v.state !== 'new')
      .map((v) => ({ vnet: String(v.vnet), status: 'available' }));
  });

  // LXC interfaces (what lxc-info reports for a running container)
  r.add('GET', '/nodes/{node}/lxc/{vmid}/interfaces', (ctx) => {
    const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), 'lxc');
    if (g.status !== 'running') throw new PveError(500, `CT ${g.vmid} not running`);
    const out: Array<Record<string, unknown>> = [
      {
        name: 'lo',
        hwaddr: '00:00:00:00:00:00',
        'hardware-address': '00:00:00:00:00:00',
        inet: '127.0.0.1/8',
        'ip-addresses': [{ 'ip-address': '127.0.0.1', 'ip-address-type': 'inet', prefix: 8 }],
      },
    ];
    for (const [k, v] of Object.entries(g.config)) {
      if (!/^net\d+$/.test(k)) continue;
      const s = String(v);
      const name = /name=([^,]+)/.exec(s)?.[1] ?? 'eth0';
      const mac = (/hwaddr=([^,]+)/.exec(s)?.[1] ?? '').toLowerCase();
      const ipcfg = /(?:^|,)ip=([^,]+)/.exec(s)?.[1];
      const ip = g.reportedAddress
        ? `${g.reportedAddress}/8`
        : ipcfg && ipcfg !== 'dhcp' && ipcfg !== 'manual'
          ? ipcfg
          : `10.30.${Math.floor(g.vmid / 250) % 250}.${(g.vmid % 250) + 2}/24`;
      const [addr, prefix] = ip.split('/');
      out.push({
        name,
        hwaddr: mac,
        'hardware-address': mac,
        inet: ip,
        'ip-addresses': [{ 'ip-address': addr, 'ip-address-type': 'inet', prefix: Number(prefix) }],
      });
    }
    return out;
  });
}
