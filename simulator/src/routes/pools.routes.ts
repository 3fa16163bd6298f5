import { hasPriv } from '../auth/acl';
import { PveError, forbidden } from '../errors';
import type { Router, RouteCtx } from '../router';
import { splitList } from './helpers';

function members(ctx: RouteCtx, poolid: string, type?: string) {
  const { c } = ctx;
  const pool = c.pools[poolid];
  const out: Array<Record<string, unknown>> = [];
  if (!type || type === 'qemu' || type === 'lxc')
    for (const g of c.guests.values())
      if (g.pool === poolid && (!type || g.type === type))
        out.push({
          id: `${g.type}/${g.vmid}`,
          node: g.node,
          type: g.type,
          vmid: g.vmid,
          name: String(g.config.name ?? g.config.hostname ?? ''),
          status: g.status,
          template: g.config.template ? 1 : 0,
        });
  if (!type || type === 'storage')
    for (const s of pool.storage)
      for (const n of c.nodes)
        out.push({ id: `storage/${n.name}/${s}`, node: n.name, type: 'storage', storage: s });
  return out;
}

function poolOrFail(ctx: RouteCtx, poolid: string) {
  const pool = ctx.c.pools[poolid];
  if (!pool) throw new PveError(500, `pool '${poolid}' does not exist`);
  return pool;
}

function updatePool(ctx: RouteCtx): null {
  const { c, p, auth } = ctx;
  const poolid = String(p.poolid);
  const pool = poolOrFail(ctx, poolid);
  if (p.comment !== undefined) pool.comment = String(p.comment);
  for (const id of splitList(p.vms).map(Number)) {
    const g = c.guests.get(id);
    if (!g) throw new PveError(500, `no such VM '${id}'`);
    if (
      !hasPriv(c, auth, `/vms/${id}`, ['Permissions.Modify']) &&
      !hasPriv(c, auth, `/pool/${poolid}`, ['Permissions.Modify'])
    )
      throw forbidden(`/vms/${id}, Permissions.Modify`);
    if (p.delete) {
      if (g.pool === poolid) delete g.pool;
    } else {
      if (g.pool && g.pool !== poolid && !p['allow-move'])
        throw new PveError(500, `VM ${id} belongs already to pool '${g.pool}'`);
      g.pool = poolid;
    }
  }
  for (const s of splitList(p.storage)) {
    if (!c.storages.some((x) => x.storage === s)) throw new PveError(500, `no such storage '${s}'`);
    if (p.delete) pool.storage = pool.storage.filter((x) => x !== s);
    else if (!pool.storage.includes(s)) pool.storage.push(s);
  }
  return null;
}

function deletePool(ctx: RouteCtx): null {
  const poolid = String(ctx.p.poolid);
  poolOrFail(ctx, poolid);
  if (members(ctx, poolid).length) throw new PveError(500, `pool '${poolid}' is not empty`);
  delete ctx.c.pools[poolid];
  ctx.c.acls = ctx.c.acls.filter((a) => a.path !== `/pool/${poolid}`);
  return null;
}

export function registerPoolRoutes(r: Router): void {
  r.add('GET', '/pools', (ctx) =>
    Object.entries(ctx.c.pools)
      .filter(([id]) => !ctx.p.poolid || id === ctx.p.poolid)
      .filter(([id]) => hasPriv(ctx.c, ctx.auth, `/pool/${id}`, ['Pool.Audit']))
      .map(([poolid, pool]) => ({
        poolid,
        ...(pool.comment ? { comment: pool.comment } : {}),
        ...(ctx.p.poolid
          ? { members: members(ctx, poolid, ctx.p.type as string | undefined) }
          : {}),
      })),
  );
  r.add('POST', '/pools', (ctx) => {
    const id = String(ctx.p.poolid);
    if (ctx.c.pools[id]) throw new PveError(500, `pool '${id}' already exists`);
    ctx.c.pools[id] = { comment: ctx.p.comment as string | undefined, storage: [] };
    return null;
  });
  r.add('PUT', '/pools', updatePool);
  r.add('DELETE', '/pools', deletePool);
  r.add('GET', '/pools/{poolid}', (ctx) => {
    const pool = poolOrFail(ctx, String(ctx.p.poolid));
    return {
      ...(pool.comment ? { comment: pool.comment } : {}),
      members: members(ctx, String(ctx.p.poolid), ctx.p.type as string | undefined),
    };
  });
  r.add('PUT', '/pools/{poolid}', updatePool);
  r.add('DELETE', '/pools/{poolid}', deletePool);
}
