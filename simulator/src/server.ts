import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { hasPriv, guestPriv, type AuthContext } from './auth/acl';
import { hashSecret } from './auth/tickets';
import { PveError, paramError } from './errors';
import type { ClusterRuntime } from './runtime';
import { RawJson, Reply, type Router } from './router';
import { runEndpoint } from './dispatch';
import type { PveSchema } from './schema/schema-loader';
import type { RawValue } from './schema/param-validator';
import { handleSimControl } from './sim-control';
import { readMultipart, type MultipartResult } from './multipart';

const API_PREFIX = /^\/api2\/(json|extjs)(\/.*)?$/;
const MAX_BODY = 8 * 1024 * 1024;

export interface ServerDeps {
  rt: ClusterRuntime;
  router: Router;
  schema: PveSchema;
  /** delay for 401 answers, ms (real PVE waits ~3 s; off by default) */
  authFailDelayMs: number;
  quiet: boolean;
  /** when set, records which parameters each route handler reads (contract tests) */
  paramReads?: Map<string, Set<string>>;
}

function send(res: ServerResponse, status: number, body: unknown, message?: string): void {
  sendRaw(res, JSON.stringify(body), status, message);
}

function sendRaw(res: ServerResponse, json: string, status = 200, message?: string): void {
  if (res.headersSent) return;
  res.statusCode = status;
  if (message) res.statusMessage = message.replace(/[^\x20-\x7e]+/g, ' ').slice(0, 200);
  res.setHeader('Content-Type', 'application/json;charset=UTF-8');
  res.setHeader('Cache-Control', 'max-age=0');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('Server', 'pve-api-daemon/3.0');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}

export function sendError(res: ServerResponse, e: PveError): void {
  const body: Record<string, unknown> = { data: null, message: `${e.message}\n` };
  if (e.errors) body.errors = e.errors;
  send(res, e.status, body, e.message);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new PveError(413, 'request too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function addParam(out: Record<string, RawValue>, k: string, v: string): void {
  const prev = out[k];
  if (prev === undefined) out[k] = v;
  else out[k] = Array.isArray(prev) ? [...prev, v] : [prev as string, v];
}

export function parseBodyParams(body: string, contentType = ''): Record<string, RawValue> {
  const out: Record<string, RawValue> = {};
  if (!body) return out;
  if (contentType.includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new PveError(400, 'malformed JSON body');
    }
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
        if (v === null || v === undefined) continue;
        out[k] = Array.isArray(v)
          ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : x))
          : typeof v === 'object'
            ? JSON.stringify(v)
            : (v as RawValue);
      }
    }
    return out;
  }
  for (const [k, v] of new URLSearchParams(body)) addParam(out, k, v);
  return out;
}

function parseCookies(header = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/** Authenticate from cookie / Authorization header. Returns undefined when no credentials were sent. */
export function authenticate(rt: ClusterRuntime, req: IncomingMessage): AuthContext | undefined {
  const authz = req.headers.authorization ?? '';
  const tok = /^PVEAPIToken[= ]([^!\s]+)!([^=\s]+)=(\S+)$/.exec(authz);
  if (tok) {
    const [, user, tokenid, secret] = tok;
    const u = rt.state.users[user];
    const t = u?.tokens[tokenid];
    if (
      !u ||
      !u.enable ||
      !t ||
      t.secret !== hashSecret(secret) ||
      (t.expire && t.expire < Date.now() / 1000)
    )
      throw new PveError(401, 'authentication failure');
    return { authid: `${user}!${tokenid}`, user, tokenid, privsep: t.privsep, via: 'token' };
  }
  let ticket = parseCookies(req.headers.cookie).PVEAuthCookie;
  if (!ticket) {
    const m = /^PVEAuthCookie=(\S+)$/.exec(authz);
    if (m) ticket = m[1];
  }
  if (!ticket) return undefined;
  const user = rt.signer.verify(decodeURIComponent(ticket));
  if (!user) throw new PveError(401, 'invalid PVE ticket');
  if (user !== 'root@pam' && !rt.state.users[user]?.enable)
    throw new PveError(401, 'invalid PVE ticket');
  return { authid: user, user, via: 'ticket' };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function handleApi(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  apiPath: string,
): Promise<void> {
  const { rt, router, schema } = deps;
  const method = (req.method ?? 'GET').toUpperCase();
  const f = rt.faults;
  if (f.latencyMs > 0) await sleep(f.latencyMs);
  if (f.errorRate > 0 && Math.random() < f.errorRate)
    throw new PveError(500, 'simulated server error (injected by /_sim/error-rate)');
  if (method !== 'GET' && f.failedWrites > 0) {
    f.failedWrites--;
    throw new PveError(500, 'simulated server error (injected by /_sim/failed-writes)');
  }

  const m = schema.match(method, apiPath);
  if (!m || !('endpoint' in m))
    throw new PveError(501, `Method '${method} ${apiPath}' not implemented`);
  const ep = m.endpoint;
  if (!router.get(method, ep.path))
    throw new PveError(501, `Method '${method} ${apiPath}' not implemented`);
  const def = ep.def;

  // parameters: query (GET/DELETE) or body (POST/PUT), plus path params
  const raw: Record<string, RawValue> = {};
  for (const [k, v] of url.searchParams) addParam(raw, k, v);
  let upload: MultipartResult['file'];
  if (
    (method === 'POST' || method === 'PUT') &&
    /multipart\/form-data/i.test(req.headers['content-type'] ?? '')
  ) {
    const mp = await readMultipart(req);
    Object.assign(raw, mp.fields);
    upload = mp.file;
    // PVE's upload handler takes the file part as the `filename` parameter
    if (upload) raw[upload.field] = upload.filename;
  } else if (method === 'POST' || method === 'PUT') {
    const body = parseBodyParams(await readBody(req), req.headers['content-type']);
    Object.assign(raw, body);
  }
  for (const [k, v] of Object.entries(m.pathParams)) {
    if (raw[k] !== undefined && String(raw[k]) !== v)
      throw paramError({ [k]: `parameter conflicts with the value in the URI` });
    raw[k] = v;
  }

  // authentication
  const open = def.permissions?.user === 'world';
  let auth: AuthContext | undefined;
  try {
    auth = authenticate(rt, req);
  } catch (e) {
    if (!open) {
      if (deps.authFailDelayMs) await sleep(deps.authFailDelayMs);
      throw e;
    }
  }
  if (!auth && !open) {
    if (deps.authFailDelayMs) await sleep(deps.authFailDelayMs);
    throw new PveError(401, 'No ticket');
  }
  if (auth?.via === 'token' && def.allowtoken === 0)
    throw new PveError(403, `URI '${apiPath}' not available with API token, need proper ticket.`);
  if (auth?.via === 'ticket' && method !== 'GET' && !open) {
    const csrf = String(req.headers.csrfpreventiontoken ?? '');
    if (!rt.signer.verifyCsrf(csrf, auth.user))
      throw new PveError(401, 'Permission check failed - invalid csrf token');
  }

  const result = await runEndpoint(deps, {
    method,
    ep,
    raw,
    auth: auth ?? { authid: '', user: '', via: 'ticket' },
    open,
    req,
    upload,
  });
  if (method !== 'GET') {
    rt.changed();
    // The write happened; the answer is late or never arrives (a proxy or the network failed).
    if (f.replyDelayMs > 0) await sleep(f.replyDelayMs);
    if (f.lostReplies > 0) {
      f.lostReplies--;
      req.socket.destroy();
      return;
    }
  }
  if (result instanceof RawJson) sendRaw(res, result.json);
  else if (result instanceof Reply) send(res, 200, { ...result.extra, data: result.data ?? null });
  else send(res, 200, { data: result ?? null });
}

export function createRequestHandler(deps: ServerDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const started = Date.now();
    const done = (status: number) => {
      if (!deps.quiet)
        console.log(
          `${new Date().toISOString()} ${deps.rt.state.name} ${req.method} ${url.pathname} ${status} ${Date.now() - started}ms`,
        );
    };
    res.on('finish', () => done(res.statusCode));
    let p: Promise<void>;
    if (url.pathname.startsWith('/_sim/') || url.pathname === '/_sim') {
      p = handleSimControl(deps.rt, req, res, url);
    } else {
      const api = API_PREFIX.exec(url.pathname);
      if (!api) {
        send(res, 404, { data: null, message: 'not found\n' }, 'Not Found');
        return;
      }
      p = handleApi(deps, req, res, url, api[2] ?? '/');
    }
    p.catch((e: unknown) => {
      if (e instanceof PveError) sendError(res, e);
      else {
        if (!deps.quiet) console.error(e);
        sendError(res, new PveError(500, e instanceof Error ? e.message : String(e)));
      }
    });
  };
}

const WS_PATH = /^\/api2\/json\/nodes\/([^/]+)\/(?:(qemu|lxc)\/(\d+)\/)?vncwebsocket$/;

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  socket.end(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** GET .../vncwebsocket: API auth and VM.Console / Sys.Console first, then the console service takes over. */
export function createUpgradeHandler(deps: ServerDeps) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const { rt } = deps;
    const url = new URL(req.url ?? '/', 'https://localhost');
    const m = WS_PATH.exec(url.pathname);
    if (!m) return rejectUpgrade(socket, 501, 'Not Implemented');
    try {
      const auth = authenticate(rt, req);
      if (!auth) return rejectUpgrade(socket, 401, 'No ticket');
      const [, node, kind, vmidStr] = m;
      rt.node(node);
      const port = Number(url.searchParams.get('port'));
      const vncticket = url.searchParams.get('vncticket') ?? '';
      if (!Number.isInteger(port) || !vncticket)
        return rejectUpgrade(socket, 400, 'Parameter verification failed');
      let guest;
      if (kind) {
        const g = rt.guest(node, Number(vmidStr), kind as 'qemu' | 'lxc');
        if (!guestPriv(rt.state, auth, g, ['VM.Console']))
          return rejectUpgrade(socket, 403, 'Permission check failed');
        guest = {
          node,
          vmid: g.vmid,
          kind: g.type,
          name: String(g.config.name ?? g.config.hostname ?? `VM ${g.vmid}`),
          status: g.status,
        };
      } else {
        if (!hasPriv(rt.state, auth, `/nodes/${node}`, ['Sys.Console']))
          return rejectUpgrade(socket, 403, 'Permission check failed');
        guest = { node, kind: 'node' as const, name: node, status: 'running' };
      }
      if (!rt.console) return rejectUpgrade(socket, 501, 'Console not available');
      rt.console.handleUpgrade(req, socket, head, { guest, port, vncticket, user: auth.authid });
    } catch (e) {
      const err = e instanceof PveError ? e : new PveError(500, String(e));
      rejectUpgrade(socket, err.status, err.message.replace(/[^\x20-\x7e]+/g, ' '));
    }
  };
}

export function createServer(deps: ServerDeps, tls: { key: string; cert: string }): https.Server {
  const server = https.createServer({ key: tls.key, cert: tls.cert }, createRequestHandler(deps));
  server.on('upgrade', createUpgradeHandler(deps));
  server.keepAliveTimeout = 5000;
  return server;
}
