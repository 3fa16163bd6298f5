import { createHash, randomBytes } from 'node:crypto';
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

/** SPICE needs a qxl display (vga: qxl…); the ticket is signed like PVE's spice proxy ticket. */
function spiceConfig(ctx: RouteCtx) {
  const g = ctx.rt.guest(String(ctx.p.node), Number(ctx.p.vmid), 'qemu');
  if (g.status !== 'running') throw new PveError(500, `VM ${g.vmid} not running`);
  if (!/^qxl/.test(String(g.config.vga ?? ''))) throw new PveError(500, 'no spice port');
  const node = ctx.rt.node(g.node);
  const ticket = randomBytes(20).toString('hex');
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .toUpperCase();
  const plain = `pvespiceproxy:${time}:${g.vmid}:${g.node}`;
  const sig = createHash('sha256').update(`${plain}:${ticket}`).digest('hex').slice(0, 40);
  const title = `VM ${g.vmid}${g.config.name ? ` - ${g.config.name}` : ''}`;
  return {
    'secure-attention': 'Ctrl+Alt+Ins',
    'toggle-fullscreen': 'Shift+F11',
    'release-cursor': 'Ctrl+Alt+R',
    type: 'spice',
    title,
    host: `${plain}:${sig}`,
    proxy: `http://${ctx.p.proxy ?? node.ip}:3128`,
    'tls-port': 61000 + (g.vmid % 1000),
    'host-subject': `OU=PVE Cluster Node,O=Proxmox Virtual Environment,CN=${g.node}.sim.local`,
    ca: ctx.rt.certPem().replace(/\n/g, '\\n'),
    password: ticket,
    'delete-this-file': 1,
  };
}

export function registerConsoleRoutes(r: Router): void {
  r.add('POST', '/nodes/{node}/qemu/{vmid}/spiceproxy', spiceConfig);
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
