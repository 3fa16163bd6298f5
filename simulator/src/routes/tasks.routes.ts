import { hasPriv } from '../auth/acl';
import { PveError, forbidden } from '../errors';
import { Reply, type Router, type RouteCtx } from '../router';
import type { Task } from '../world/types';
import { index } from './helpers';

export function taskListItem(t: Task) {
  return {
    upid: t.upid,
    node: t.node,
    pid: t.pid,
    pstart: t.pstart,
    starttime: t.starttime,
    type: t.type,
    id: t.id,
    user: t.user,
    ...(t.status === 'stopped' ? { endtime: t.endtime, status: t.exitstatus } : {}),
  };
}

function taskOrFail(ctx: RouteCtx, write = false): Task {
  const upid = String(ctx.p.upid);
  const t = ctx.rt.findTask(upid);
  if (!t || t.node !== ctx.p.node) throw new PveError(500, `no such task`);
  const own = t.user === ctx.auth.authid || t.user === ctx.auth.user;
  if (!own && !hasPriv(ctx.c, ctx.auth, `/nodes/${t.node}`, [write ? 'Sys.Modify' : 'Sys.Audit']))
    throw forbidden(`/nodes/${t.node}, Sys.Audit`);
  return t;
}

export function registerTaskRoutes(r: Router): void {
  r.add('GET', '/nodes/{node}/tasks', (ctx) => {
    const { p, c, auth } = ctx;
    const audit = hasPriv(c, auth, `/nodes/${p.node}`, ['Sys.Audit']);
    const source = String(p.source ?? 'archive');
    const statuses = p.statusfilter ? String(p.statusfilter).split(/[,\s]+/) : undefined;
    const list = c.tasks
      .filter((t) => t.node === p.node)
      .filter((t) => audit || t.user === auth.authid || t.user === auth.user)
      .filter((t) =>
        source === 'active'
          ? t.status === 'running'
          : source === 'archive'
            ? t.status === 'stopped'
            : true,
      )
      .filter((t) => p.vmid === undefined || t.id === String(p.vmid))
      .filter((t) => !p.typefilter || t.type === p.typefilter)
      .filter((t) => !p.userfilter || t.user.includes(String(p.userfilter)))
      .filter((t) => !p.errors || (t.status === 'stopped' && t.exitstatus !== 'OK'))
      .filter((t) => p.since === undefined || t.starttime >= Number(p.since))
      .filter((t) => p.until === undefined || t.starttime <= Number(p.until))
      .filter((t) => {
        if (!statuses) return true;
        const st =
          t.status === 'running'
            ? 'running'
            : t.exitstatus === 'OK'
              ? 'ok'
              : /^WARNINGS/.test(t.exitstatus ?? '')
                ? 'warning'
                : 'error';
        return statuses.includes(st);
      })
      .reverse();
    const start = Number(p.start ?? 0);
    const limit = Number(p.limit ?? 50);
    return new Reply(list.slice(start, start + limit).map(taskListItem), { total: list.length });
  });
  r.add('GET', '/nodes/{node}/tasks/{upid}', (ctx) => {
    taskOrFail(ctx);
    return index(['log', 'status']);
  });
  r.add('GET', '/nodes/{node}/tasks/{upid}/status', (ctx) => {
    const t = taskOrFail(ctx);
    return {
      ...taskListItem(t),
      status: t.status,
      ...(t.status === 'stopped' ? { exitstatus: t.exitstatus } : {}),
    };
  });
  r.add('GET', '/nodes/{node}/tasks/{upid}/log', (ctx) => {
    const t = taskOrFail(ctx);
    const start = Number(ctx.p.start ?? 0);
    const limit = ctx.p.download ? t.log.length : Number(ctx.p.limit ?? 50);
    const lines = t.log
      .slice(start, start + limit)
      .map((text, i) => ({ n: start + i + 1, t: text }));
    return new Reply(lines.length ? lines : [{ n: 0, t: 'no content' }], { total: t.log.length });
  });
  r.add('DELETE', '/nodes/{node}/tasks/{upid}', (ctx) => {
    const t = taskOrFail(ctx, true);
    ctx.rt.tasks.stop(t);
    return null;
  });
}
