import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fingerprintOf, makeCertificate } from '../cert';
import { buildApi, type Call, type Handler, type Reply } from './api';
import { readConfigXml } from './config-xml';
import { availableIn, DOCUMENTED_ENDPOINTS, type DocumentedEndpoint } from './documented-endpoints';
import { hashSecret, verifySha512Crypt } from './sha512-crypt';
import { FirewallState, PF_AREAS, type ApiUser, type Area } from './state';
import type { Item } from './models';

export interface OpnSimOptions {
  port?: number;
  host?: string;
  /** product_version the firewall reports and its endpoint set follows (default 26.1.2) */
  version?: string;
  /** API users; a plain `secret` is hashed like OPNsense stores it */
  users?: Array<{
    name?: string;
    key: string;
    secret?: string;
    secretHash?: string;
    acl?: string[];
  }>;
  /** start like a fresh VM that has not read its config.xml yet: every key is refused */
  unconfigured?: boolean;
  /** first boot from this config.xml (users, host name, interfaces) */
  configXml?: string;
  /** the web GUI certificate (default: a self-signed one made here) */
  tls?: { cert: string; key: string };
  /** auto-revert delay after `filter/apply/<revision>` (OPNsense: 60 s) */
  rollbackMs?: number;
  quiet?: boolean;
  /** called for each authenticated API call before it is handled (tests: the order of calls) */
  onRequest?: (call: { method: string; path: string; body: Record<string, unknown> }) => void;
}

export interface RunningOpnSim {
  url: string;
  port: number;
  fingerprint: string;
  certPem: string;
  state: FirewallState;
  /** fault injection in process (the same switches as /_sim/*) */
  faults: { down: boolean; lockoutOnApply: number; rollbackMs: number };
  /** registered API routes, `module/controller/command` as documented */
  routes: string[];
  close(): Promise<void>;
}

/** ucwords($x, '_') without the underscores: how OPNsense's router names namespaces/controllers */
const camel = (s: string) =>
  s
    .split('_')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
/** a route's lookup key: namespace and controller exact (class files), action case-insensitive */
const routeKey = (m: string, c: string, a: string) =>
  `${camel(m)}/${camel(c)}/${camel(a).toLowerCase()}`;

interface Savepoint {
  config: Partial<Record<Area, Array<[string, Item]>>>;
  timer?: NodeJS.Timeout;
}

function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const parts = k.replace(/\]/g, '').split('[');
    let node = out;
    parts.forEach((p, i) => {
      if (i === parts.length - 1) node[p] = v;
      else node = (node[p] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

export async function startOpnSim(opts: OpnSimOptions = {}): Promise<RunningOpnSim> {
  const state = new FirewallState(opts.version ?? '26.1.2');
  state.booted = !opts.unconfigured;
  for (const u of opts.users ?? [])
    state.users.push({
      name: u.name ?? 'automation',
      key: u.key,
      secretHash: u.secretHash ?? hashSecret(u.secret ?? ''),
      acl: u.acl ?? ['*'],
    });
  const faults = { down: false, lockoutOnApply: 0, rollbackMs: opts.rollbackMs ?? 60_000 };
  const savepoints = new Map<string, Savepoint>();
  const restore = (sp: Savepoint) => {
    for (const a of PF_AREAS) state.config[a].restore(sp.config[a] ?? []);
    state.apply(PF_AREAS);
  };
  const api = buildApi(state, {
    savepoint: () => {
      const rev = `${(Date.now() / 1000).toFixed(4)}`;
      const config: Savepoint['config'] = {};
      for (const a of PF_AREAS) config[a] = state.config[a].snapshot();
      savepoints.set(rev, { config });
      return rev;
    },
    armRollback: (rev) => {
      const sp = savepoints.get(rev);
      if (!sp) return false;
      clearTimeout(sp.timer);
      sp.timer = setTimeout(() => {
        restore(sp);
        sp.timer = undefined;
        faults.down = false; // the old ruleset lets the management path in again
      }, faults.rollbackMs);
      sp.timer.unref();
      return true;
    },
    cancelRollback: (rev) => {
      const sp = savepoints.get(rev);
      if (sp?.timer) clearTimeout(sp.timer);
      if (sp) sp.timer = undefined;
      return !!sp;
    },
    revert: (rev) => {
      const sp = savepoints.get(rev);
      if (!sp) return false;
      clearTimeout(sp.timer);
      sp.timer = undefined;
      restore(sp);
      return true;
    },
    afterApply: () => {
      if (faults.lockoutOnApply > 0) {
        faults.lockoutOnApply--;
        faults.down = true;
      }
    },
  });

  const table = new Map<string, { ep: DocumentedEndpoint; handler: Handler }>();
  for (const [path, handler] of Object.entries(api)) {
    const ep = DOCUMENTED_ENDPOINTS.find((e) => e.path === path);
    if (!ep) throw new Error(`simulator route ${path} is not on the documented list`);
    const [m, c, a] = path.split('/') as [string, string, string];
    table.set(routeKey(m, c, a), { ep, handler });
  }

  if (opts.configXml !== undefined) importConfig(state, opts.configXml);
  const cert = opts.tls ?? makeCertificate(['localhost', '127.0.0.1'], 'opnsense');
  const log = (line: string) => {
    if (!opts.quiet) console.log(line);
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=UTF-8',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  };

  const control = (req: IncomingMessage, res: ServerResponse, path: string, raw: string) => {
    let body: Record<string, unknown> = {};
    if (raw && !path.endsWith('/config-xml')) {
      try {
        body = raw.trimStart().startsWith('{') ? JSON.parse(raw) : parseForm(raw);
      } catch {
        return send(res, 400, { error: 'bad body' });
      }
    }
    const areas = Object.keys(state.config) as Area[];
    switch (`${req.method} ${path}`) {
      case 'GET /_sim/state':
        return send(res, 200, {
          version: state.version,
          booted: state.booted,
          hostname: state.hostname,
          faults,
          users: state.users.map((u) => ({ name: u.name, key: u.key, acl: u.acl })),
          interfaces: state.interfaces,
          pending: Object.fromEntries(areas.map((a) => [a, state.pending(a)])),
          running: Object.fromEntries(areas.map((a) => [a, state.runningRows(a)])),
          savepoints: [...savepoints.entries()].map(([r, s]) => ({
            revision: r,
            armed: !!s.timer,
          })),
          kea: { ...state.keaGeneral, running: state.keaRunning, leases: state.leases },
        });
      case 'POST /_sim/version':
        state.version = String(body.version ?? state.version);
        return send(res, 200, { version: state.version });
      case 'POST /_sim/users': {
        const u: ApiUser = {
          name: String(body.name ?? 'automation'),
          key: String(body.key ?? ''),
          secretHash: body.secretHash
            ? String(body.secretHash)
            : hashSecret(String(body.secret ?? '')),
          acl: Array.isArray(body.acl) ? body.acl.map(String) : ['*'],
        };
        if (!u.key) return send(res, 400, { error: 'key required' });
        state.users = state.users.filter((x) => x.key !== u.key).concat(u);
        return send(res, 200, { ok: true });
      }
      case 'POST /_sim/config-xml': {
        // first boot: the importer copied conf/config.xml from the config disk
        try {
          const cfg = importConfig(state, raw);
          return send(res, 200, { ok: true, users: cfg.users.length });
        } catch (err) {
          return send(res, 400, { error: (err as Error).message });
        }
      }
      case 'POST /_sim/dhcp-request': {
        // a DHCP client on one of the firewall's interfaces (default lan) asks Kea for an address
        const lease = state.dhcpRequest(
          {
            hwaddr: String(body.hwaddr ?? ''),
            ...(body.hostname ? { hostname: String(body.hostname) } : {}),
          },
          String(body.interface ?? 'lan'),
        );
        return 'error' in lease ? send(res, 409, lease) : send(res, 200, lease);
      }
      case 'POST /_sim/down':
        faults.down = true;
        return send(res, 200, faults);
      case 'POST /_sim/up':
        faults.down = false;
        return send(res, 200, faults);
      case 'POST /_sim/lockout-on-apply':
        faults.lockoutOnApply = Number(body.count ?? 1);
        return send(res, 200, faults);
      case 'POST /_sim/rollback-ms':
        faults.rollbackMs = Number(body.ms ?? 60_000);
        return send(res, 200, faults);
      case 'POST /_sim/reset':
        faults.down = false;
        faults.lockoutOnApply = 0;
        return send(res, 200, faults);
      default:
        return send(res, 404, { error: 'unknown control' });
    }
  };

  const authenticate = (req: IncomingMessage): ApiUser | undefined => {
    const m = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!m || !state.booted) return undefined;
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const idx = decoded.indexOf(':');
    if (idx < 0) return undefined;
    const key = decoded.slice(0, idx);
    const secret = decoded.slice(idx + 1);
    const user = state.users.find((u) => u.key === key);
    return user && verifySha512Crypt(secret, user.secretHash) ? user : undefined;
  };

  const allowed = (user: ApiUser, uri: string) =>
    user.acl.some((p) => {
      if (p === '*') return true;
      const re = new RegExp(
        '^' + p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$',
        'i',
      );
      return re.test(uri);
    });

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = new URL(req.url ?? '/', 'https://x');
    const path = url.pathname;
    if (path.startsWith('/_sim/')) return control(req, res, path, raw);
    if (faults.down) {
      req.socket.destroy();
      return;
    }
    const segs = path.split('/').filter(Boolean);
    if (segs[0] !== 'api' || segs.length < 4)
      return send(res, 404, { errorMessage: 'Endpoint not found' });
    const [, m, c, a, ...args] = segs.map(decodeURIComponent) as string[];
    const route = table.get(routeKey(m!, c!, a!));
    if (!route || !availableIn(route.ep, state.version))
      return send(res, 404, { errorMessage: 'Endpoint not found' });
    const user = authenticate(req);
    if (!user) return send(res, 401, { status: 401, message: 'Authentication Failed' });
    if (!allowed(user, path.replace(/^\//, '')))
      return send(res, 403, { status: 403, message: 'Forbidden' });
    let body: Record<string, unknown> = {};
    const type = String(req.headers['content-type'] ?? '');
    if (raw) {
      if (type.includes('application/json')) {
        try {
          const parsed: unknown = JSON.parse(raw);
          body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
        } catch {
          return send(res, 400, { status: 400, message: 'Invalid JSON syntax' });
        }
      } else body = parseForm(raw);
    }
    const call: Call = {
      method: req.method ?? 'GET',
      args,
      body,
      query: Object.fromEntries(url.searchParams),
    };
    opts.onRequest?.({ method: call.method, path, body });
    let reply: Reply;
    try {
      reply = route.handler(call);
    } catch (err) {
      log(`opn-sim: ${String(err)}`);
      return send(res, 500, { errorMessage: 'Unexpected error, check log for details' });
    }
    log(`${req.method} ${path} ${reply.status ?? 200}`);
    return send(res, reply.status ?? 200, reply.body);
  };

  const server = https.createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  return {
    url: `https://${host}:${port}`,
    port,
    fingerprint: fingerprintOf(cert.cert),
    certPem: cert.cert,
    state,
    faults,
    routes: Object.keys(api),
    close: () =>
      new Promise<void>((resolve) => {
        for (const sp of savepoints.values()) clearTimeout(sp.timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** First boot: the importer copied conf/config.xml (users, host name, interfaces) into place. */
function importConfig(state: FirewallState, xml: string) {
  const cfg = readConfigXml(xml);
  state.users = cfg.users;
  if (cfg.hostname) state.hostname = cfg.hostname;
  if (cfg.interfaces.length) state.interfaces = cfg.interfaces;
  state.booted = true;
  return cfg;
}

/** An API key pair in OPNsense's format: base64 of 60 random bytes each (80 characters). */
export function generateApiKey(): { key: string; secret: string } {
  return {
    key: randomBytes(60).toString('base64'),
    secret: randomBytes(60).toString('base64'),
  };
}
