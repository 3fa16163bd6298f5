import { PveError } from '../errors';
import type { Router, RouteCtx } from '../router';
import type { ConsoleGuest } from '../console-bridge';

function consoleOrFail(ctx: RouteCtx) {
  if (!ctx.rt.console)
    throw new PveError(500, 'console support is not available in this simulator build');
  return ctx.rt.console;
}

function guestTarget(ctx: RouteCtx, kind: 'qemu' | 'lxc'): ConsoleGuest {
  const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), kind);
  if (g.status !== 'running' && kind === 'lxc') throw new PveError(500, `CT ${g.vmid} not running`);
  return {
    node: g.node,
    vmid: g.vmid,
    kind,
    name: String(g.config.name ?? g.config.hostname ?? `VM ${g.vmid}`),
    status: g.status,
  };
}

/** vncproxy/termproxy run as tasks in PVE (the proxy process lives as long as the viewer). */
function proxyTask(
  ctx: RouteCtx,
  type: string,
  id: string | number | undefined,
  node: string,
): string {
  return ctx.rt.task(ctx.auth, {
    node,
    type,
    id,
    durationMs: 10_000,
    preamble: ['connection timed out waiting for a viewer is 10s'],
  });
}

export function registerConsoleRoutes(r: Router): void {
  for (const kind of ['qemu', 'lxc'] as const) {
    r.add('POST', `/nodes/{node}/${kind}/{vmid}/vncproxy`, (ctx) => {
      const svc = consoleOrFail(ctx);
      const guest = guestTarget(ctx, kind);
      const t = svc.createVncTicket(guest, ctx.auth.authid, {
        generatePassword: !!ctx.p['generate-password'],
      });
      const upid = proxyTask(ctx, 'vncproxy', guest.vmid, guest.node);
      return {
        user: ctx.auth.authid,
        ticket: t.ticket,
        cert: ctx.rt.certPem(),
        port: t.port,
        upid,
        ...(t.password ? { password: t.password } : {}),
      };
    });
    r.add('POST', `/nodes/{node}/${kind}/{vmid}/termproxy`, (ctx) => {
      const svc = consoleOrFail(ctx);
      const guest = guestTarget(ctx, kind);
      const t = svc.createTermTicket(guest, ctx.auth.authid);
      return {
        user: ctx.auth.authid,
        ticket: t.ticket,
        port: t.port,
        upid: proxyTask(ctx, 'vncproxy', guest.vmid, guest.node),
      };
    });
    // the websocket itself is served by the HTTPS 'upgrade' handler; a plain GET cannot upgrade
    r.add('GET', `/nodes/{node}/${kind}/{vmid}/vncwebsocket`, () => {
      throw new PveError(400, 'websocket upgrade required');
    });
  }
  r.add('POST', '/nodes/{node}/termproxy', (ctx) => {
    const svc = consoleOrFail(ctx);
    const node = String(ctx.p.node);
    if (ctx.p.cmd && ctx.p.cmd !== 'login' && !(ctx.auth.user === 'root@pam' && !ctx.auth.tokenid))
      throw new PveError(403, `Permission check failed (user != root@pam)`);
    const t = svc.createTermTicket(
      { node, kind: 'node', name: node, status: 'running' },
      ctx.auth.authid,
    );
    return {
      user: ctx.auth.authid,
      ticket: t.ticket,
      port: t.port,
      upid: proxyTask(ctx, 'vncshell', '', node),
    };
  });
  r.add('POST', '/nodes/{node}/vncshell', (ctx) => {
    const svc = consoleOrFail(ctx);
    const node = String(ctx.p.node);
    const t = svc.createVncTicket(
      { node, kind: 'node', name: node, status: 'running' },
      ctx.auth.authid,
      { generatePassword: !!ctx.p['generate-password'] },
    );
    return {
      user: ctx.auth.authid,
      ticket: t.ticket,
      cert: ctx.rt.certPem(),
      port: t.port,
      upid: proxyTask(ctx, 'vncshell', '', node),
      ...(t.password ? { password: t.password } : {}),
    };
  });
  r.add('GET', '/nodes/{node}/vncwebsocket', () => {
    throw new PveError(400, 'websocket upgrade required');
  });
}
