import type { IncomingMessage } from 'node:http';
import { evalCheck, isRoot, type AuthContext } from './auth/acl';
import { PveError, forbidden, paramError } from './errors';
import type { MultipartResult } from './multipart';
import { RawJson, Reply, type Router } from './router';
import type { ClusterRuntime } from './runtime';
import { validateParams, type RawValue } from './schema/param-validator';
import type { PveEndpoint, PveSchema } from './schema/schema-loader';

/** What the dispatcher needs from the server (a subset of ServerDeps). */
export interface DispatchDeps {
  rt: ClusterRuntime;
  router: Router;
  schema: PveSchema;
  paramReads?: Map<string, Set<string>>;
}

function firstPerm(check: unknown[], params: Record<string, unknown>): string {
  const [op, ...args] = check as [string, ...unknown[]];
  if (op === 'perm') {
    const path = String(args[0]).replace(/\{([^}]+)\}/g, (_m, k: string) =>
      String(params[k] ?? `{${k}}`),
    );
    return `${path}, ${(args[1] as string[]).join('|')}`;
  }
  if (op === 'and' || op === 'or') return firstPerm(args[0] as unknown[], params);
  return '';
}

export interface EndpointCall {
  method: string;
  ep: PveEndpoint;
  raw: Record<string, RawValue>;
  auth: AuthContext;
  /** `user: world` endpoints skip the permission check */
  open: boolean;
  req: IncomingMessage;
  upload?: MultipartResult['file'];
}

/** What pve-http-server does once the caller is known: validate, check permissions, run the handler. */
export async function runEndpoint(deps: DispatchDeps, call: EndpointCall): Promise<unknown> {
  const { rt, router } = deps;
  const { method, ep, auth } = call;
  const def = ep.def;
  const { values, errors } = validateParams(def, call.raw);
  if (Object.keys(errors).length) throw paramError(errors);

  // proxyto=node: the target node must resolve and be reachable
  if (def.proxyto === 'node' && typeof values.node === 'string') rt.node(values.node);

  if (auth.authid && !call.open) {
    const perms = def.permissions;
    if (!perms) {
      if (!isRoot(auth)) throw forbidden('user != root@pam');
    } else if (perms.check && !evalCheck(rt.state, auth, perms.check, values)) {
      throw forbidden(firstPerm(perms.check, values));
    }
  }

  let p = values;
  if (deps.paramReads) {
    const key = `${method} ${ep.path}`;
    const seen = deps.paramReads.get(key) ?? new Set<string>();
    deps.paramReads.set(key, seen);
    p = new Proxy(values, {
      get(target, prop, recv) {
        if (typeof prop === 'string') seen.add(prop);
        return Reflect.get(target, prop, recv) as unknown;
      },
    });
  }
  const handler = router.get(method, ep.path)!;
  return handler({
    rt,
    c: rt.state,
    p,
    upload: call.upload,
    auth,
    req: call.req,
    call: (m, path, params) => callNested(deps, call, m, path, params),
  });
}

/**
 * A request made by a handler on the caller's behalf (POST /nodes/{node}/execute): the same checks as
 * over HTTP; answers the data, or throws the PveError the endpoint raised.
 */
async function callNested(
  deps: DispatchDeps,
  outer: EndpointCall,
  method: string,
  apiPath: string,
  params: Record<string, RawValue>,
): Promise<unknown> {
  const m = deps.schema.match(method, apiPath);
  if (!m || !('endpoint' in m) || !deps.router.get(method, m.endpoint.path))
    throw new PveError(501, `Method '${method} ${apiPath}' not implemented`);
  const raw: Record<string, RawValue> = { ...m.pathParams };
  for (const [k, v] of Object.entries(params)) {
    if (raw[k] !== undefined) throw paramError({ [k]: 'duplicate parameter' });
    raw[k] = v;
  }
  const result = await runEndpoint(deps, {
    ...outer,
    method,
    ep: m.endpoint,
    raw,
    open: m.endpoint.def.permissions?.user === 'world',
    upload: undefined,
  });
  if (method !== 'GET') deps.rt.changed();
  if (result instanceof RawJson) return (JSON.parse(result.json) as { data: unknown }).data;
  if (result instanceof Reply) return result.data;
  return result;
}
