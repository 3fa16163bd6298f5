import { randomUUID } from 'node:crypto';
import { hasPriv } from '../auth/acl';
import { PveError, forbidden, paramError } from '../errors';
import type { Router, RouteCtx } from '../router';
import type { SdnObject } from '../world/types';
import { index, splitList } from './helpers';

type Kind = 'zones' | 'vnets' | 'subnets';
const CONTROL = new Set(['lock-token', 'digest', 'delete', 'pending', 'running']);

function checkLockToken(ctx: RouteCtx): void {
  const held = ctx.c.sdn.lockToken;
  if (held && ctx.p['lock-token'] !== held)
    throw new PveError(500, `SDN configuration is locked - lock token required`);
}

/** Pending semantics: new/changed/deleted objects carry `state` until PUT /cluster/sdn applies them. */
function view(o: SdnObject, pending: boolean) {
  const { state, pending: pend, ...rest } = o as SdnObject & { pending?: Record<string, unknown> };
  const out: Record<string, unknown> = { ...rest, digest: '0'.repeat(40) };
  if (pending && state) {
    out.state = state;
    if (pend) out.pending = pend;
  }
  return out;
}

function list(ctx: RouteCtx, kind: Kind, filter: (o: SdnObject) => boolean = () => true) {
  const pending = !!ctx.p.pending;
  return Object.values(ctx.c.sdn[kind])
    .filter(filter)
    .filter((o) => pending || o.state !== 'new')
    .map((o) => view(o, pending));
}

function create(ctx: RouteCtx, kind: Kind, id: string, obj: SdnObject): null {
  checkLockToken(ctx);
  if (ctx.c.sdn[kind][id] && ctx.c.sdn[kind][id].state !== 'deleted')
    throw new PveError(500, `${kind.slice(0, -1)} object ID '${id}' already defined`);
  ctx.c.sdn[kind][id] = { ...obj, state: 'new' };
  return null;
}

function update(ctx: RouteCtx, kind: Kind, id: string): null {
  checkLockToken(ctx);
  const o = ctx.c.sdn[kind][id];
  if (!o) throw new PveError(500, `sdn ${kind.slice(0, -1)} '${id}' does not exist`);
  const pend = ((o as { pending?: Record<string, unknown> }).pending ??= {});
  for (const [k, v] of Object.entries(ctx.p))
    if (!CONTROL.has(k) && !['zone', 'vnet', 'subnet', 'type'].includes(k)) pend[k] = v;
  for (const k of splitList(ctx.p.delete)) pend[k] = undefined;
  if (o.state !== 'new') o.state = 'changed';
  return null;
}

function remove(ctx: RouteCtx, kind: Kind, id: string): null {
  checkLockToken(ctx);
  const o = ctx.c.sdn[kind][id];
  if (!o) throw new PveError(500, `sdn ${kind.slice(0, -1)} '${id}' does not exist`);
  if (
    kind === 'zones' &&
    Object.values(ctx.c.sdn.vnets).some((v) => v.zone === id && v.state !== 'deleted')
  )
    throw new PveError(500, `zone '${id}' is used by a vnet`);
  if (
    kind === 'vnets' &&
    Object.values(ctx.c.sdn.subnets).some((s) => s.vnet === id && s.state !== 'deleted')
  )
    throw new PveError(500, `vnet '${id}' still has subnets`);
  if (o.state === 'new') delete ctx.c.sdn[kind][id];
  else o.state = 'deleted';
  return null;
}

function getOne(ctx: RouteCtx, kind: Kind, id: string) {
  const o = ctx.c.sdn[kind][id];
  if (!o || (o.state === 'new' && !ctx.p.pending))
    throw new PveError(500, `sdn ${kind.slice(0, -1)} '${id}' does not exist`);
  return view(o, !!ctx.p.pending);
}

function subnetId(ctx: RouteCtx, vnet: string, cidr: string): string {
  const v = ctx.c.sdn.vnets[vnet];
  if (!v) throw new PveError(500, `vnet '${vnet}' does not exist`);
  return cidr.includes('/') ? `${v.zone}-${cidr.replace('/', '-')}` : cidr;
}

/** vnet-level ACL path is /sdn/zones/<zone>/<vnet>; throws 403 unless `soft` */
function vnetPriv(ctx: RouteCtx, privs: string[], hard = true): boolean {
  const v = ctx.c.sdn.vnets[String(ctx.p.vnet)];
  const path = v ? `/sdn/zones/${v.zone}/${v.vnet}` : `/sdn/zones`;
  const ok = hasPriv(ctx.c, ctx.auth, path, privs, true);
  if (!ok && hard) throw forbidden(`${path}, ${privs.join('|')}`);
  return ok;
}

export function registerSdnRoutes(r: Router): void {
  r.add('GET', '/cluster/sdn', () =>
    index(['vnets', 'zones', 'controllers', 'ipams', 'dns', 'fabrics'], 'id'),
  );
  r.add('PUT', '/cluster/sdn', (ctx) => {
    checkLockToken(ctx);
    const { c } = ctx;
    for (const kind of ['zones', 'vnets', 'subnets'] as Kind[]) {
      for (const [id, o] of Object.entries(c.sdn[kind])) {
        if (o.state === 'deleted') delete c.sdn[kind][id];
        else {
          const pend = (o as { pending?: Record<string, unknown> }).pending;
          if (pend)
            for (const [k, v] of Object.entries(pend)) {
              if (v === undefined) delete o[k];
              else o[k] = v;
            }
          delete (o as { pending?: unknown }).pending;
          delete o.state;
        }
      }
    }
    if (ctx.p['release-lock']) delete c.sdn.lockToken;
    return ctx.rt.task(ctx.auth, {
      node: c.nodes[0].name,
      type: 'reloadnetworkall',
      durationMs: 800,
      preamble: c.nodes.map((n) => `${n.name}: reloading network config`),
    });
  });
  r.add('POST', '/cluster/sdn/lock', (ctx) => {
    if (ctx.c.sdn.lockToken && !ctx.p['allow-pending'])
      throw new PveError(500, 'could not acquire lock for SDN config - already locked');
    ctx.c.sdn.lockToken = randomUUID();
    return ctx.c.sdn.lockToken;
  });
  r.add('DELETE', '/cluster/sdn/lock', (ctx) => {
    if (!ctx.p.force && ctx.c.sdn.lockToken && ctx.p['lock-token'] !== ctx.c.sdn.lockToken)
      throw new PveError(500, 'invalid lock token');
    delete ctx.c.sdn.lockToken;
    return null;
  });
  r.add('POST', '/cluster/sdn/rollback', (ctx) => {
    checkLockToken(ctx);
    for (const kind of ['zones', 'vnets', 'subnets'] as Kind[])
      for (const [id, o] of Object.entries(ctx.c.sdn[kind])) {
        if (o.state === 'new') delete ctx.c.sdn[kind][id];
        else {
          delete o.state;
          delete (o as { pending?: unknown }).pending;
        }
      }
    if (ctx.p['release-lock']) delete ctx.c.sdn.lockToken;
    return null;
  });

  // Fabrics (PVE 9): routed networks between the nodes, e.g. a full mesh for Ceph over OpenFabric.
  const fabrics = (ctx: RouteCtx) =>
    (ctx.c.sdnFabrics ??= {
      'ceph-mesh': {
        id: 'ceph-mesh',
        protocol: 'openfabric',
        ip_prefix: '10.15.15.0/24',
        hello_interval: 3,
        csnp_interval: 10,
      },
    });
  const fabricView = (f: Record<string, string | number>) => ({ ...f, digest: '0'.repeat(40) });
  r.add('GET', '/cluster/sdn/fabrics', () => index(['all', 'fabric', 'node'], 'subdir'));
  r.add('GET', '/cluster/sdn/fabrics/fabric', (ctx) =>
    Object.values(fabrics(ctx))
      .filter((f) =>
        hasPriv(ctx.c, ctx.auth, `/sdn/fabrics/${f.id}`, ['SDN.Audit', 'SDN.Allocate'], true),
      )
      .map(fabricView),
  );
  r.add('GET', '/cluster/sdn/fabrics/fabric/{id}', (ctx) => {
    const f = fabrics(ctx)[String(ctx.p.id)];
    if (!f) throw new PveError(500, `fabric '${ctx.p.id}' does not exist`);
    return fabricView(f);
  });

  r.add('GET', '/cluster/sdn/zones', (ctx) =>
    list(
      ctx,
      'zones',
      (z) =>
        (!ctx.p.type || z.type === ctx.p.type) &&
        hasPriv(ctx.c, ctx.auth, `/sdn/zones/${z.zone}`, ['SDN.Audit', 'SDN.Allocate'], true),
    ),
  );
  r.add('POST', '/cluster/sdn/zones', (ctx) => {
    const obj: SdnObject = {};
    for (const [k, v] of Object.entries(ctx.p)) if (!CONTROL.has(k)) obj[k] = v;
    if (['vlan', 'qinq'].includes(String(ctx.p.type)) && !ctx.p.bridge)
      throw paramError({ bridge: 'property is missing and it is not optional' });
    return create(ctx, 'zones', String(ctx.p.zone), obj);
  });
  r.add('GET', '/cluster/sdn/zones/{zone}', (ctx) => getOne(ctx, 'zones', String(ctx.p.zone)));
  r.add('PUT', '/cluster/sdn/zones/{zone}', (ctx) => update(ctx, 'zones', String(ctx.p.zone)));
  r.add('DELETE', '/cluster/sdn/zones/{zone}', (ctx) => remove(ctx, 'zones', String(ctx.p.zone)));

  r.add('GET', '/cluster/sdn/vnets', (ctx) =>
    list(ctx, 'vnets', (v) =>
      hasPriv(
        ctx.c,
        ctx.auth,
        `/sdn/zones/${v.zone}/${v.vnet}`,
        ['SDN.Audit', 'SDN.Allocate'],
        true,
      ),
    ),
  );
  r.add('POST', '/cluster/sdn/vnets', (ctx) => {
    const zone = ctx.c.sdn.zones[String(ctx.p.zone)];
    if (!zone || zone.state === 'deleted')
      throw new PveError(500, `zone '${ctx.p.zone}' does not exist`);
    if (['vlan', 'qinq', 'vxlan', 'evpn'].includes(String(zone.type)) && ctx.p.tag === undefined)
      throw new PveError(500, `missing vlan tag`);
    const obj: SdnObject = { type: 'vnet' };
    for (const [k, v] of Object.entries(ctx.p)) if (!CONTROL.has(k)) obj[k] = v;
    return create(ctx, 'vnets', String(ctx.p.vnet), obj);
  });
  r.add('GET', '/cluster/sdn/vnets/{vnet}', (ctx) => {
    vnetPriv(ctx, ['SDN.Audit', 'SDN.Allocate']);
    return getOne(ctx, 'vnets', String(ctx.p.vnet));
  });
  r.add('PUT', '/cluster/sdn/vnets/{vnet}', (ctx) => {
    vnetPriv(ctx, ['SDN.Allocate']);
    return update(ctx, 'vnets', String(ctx.p.vnet));
  });
  r.add('DELETE', '/cluster/sdn/vnets/{vnet}', (ctx) => {
    vnetPriv(ctx, ['SDN.Allocate']);
    return remove(ctx, 'vnets', String(ctx.p.vnet));
  });

  r.add('GET', '/cluster/sdn/vnets/{vnet}/subnets', (ctx) =>
    list(
      ctx,
      'subnets',
      (s) => s.vnet === ctx.p.vnet && vnetPriv(ctx, ['SDN.Audit', 'SDN.Allocate'], false),
    ),
  );
  r.add('POST', '/cluster/sdn/vnets/{vnet}/subnets', (ctx) => {
    vnetPriv(ctx, ['SDN.Allocate']);
    const vnet = String(ctx.p.vnet);
    const cidr = String(ctx.p.subnet);
    const id = subnetId(ctx, vnet, cidr);
    const [network, mask] = cidr.split('/');
    const obj: SdnObject = { subnet: id, cidr, network, mask, zone: ctx.c.sdn.vnets[vnet].zone };
    for (const [k, v] of Object.entries(ctx.p)) if (!CONTROL.has(k) && k !== 'subnet') obj[k] = v;
    return create(ctx, 'subnets', id, obj);
  });
  r.add('GET', '/cluster/sdn/vnets/{vnet}/subnets/{subnet}', (ctx) => {
    vnetPriv(ctx, ['SDN.Audit', 'SDN.Allocate']);
    return getOne(ctx, 'subnets', subnetId(ctx, String(ctx.p.vnet), String(ctx.p.subnet)));
  });
  r.add('PUT', '/cluster/sdn/vnets/{vnet}/subnets/{subnet}', (ctx) => {
    vnetPriv(ctx, ['SDN.Allocate']);
    return update(ctx, 'subnets', subnetId(ctx, String(ctx.p.vnet ?? ''), String(ctx.p.subnet)));
  });
  r.add('DELETE', '/cluster/sdn/vnets/{vnet}/subnets/{subnet}', (ctx) => {
    vnetPriv(ctx, ['SDN.Allocate']);
    return remove(ctx, 'subnets', subnetId(ctx, String(ctx.p.vnet), String(ctx.p.subnet)));
  });
}
