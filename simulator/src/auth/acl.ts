import type { ClusterState, Guest } from '../world/types';
import { ALL_PRIVS, BUILTIN_ROLES } from './privileges';

export interface AuthContext {
  /** `user@realm` or `user@realm!token` */
  authid: string;
  user: string;
  tokenid?: string;
  privsep?: 0 | 1;
  via: 'ticket' | 'token';
}

export function rolePrivs(cluster: ClusterState, roleid: string): string[] {
  return BUILTIN_ROLES[roleid] ?? cluster.roles[roleid] ?? [];
}

export function isRoot(auth: AuthContext): boolean {
  return auth.user === 'root@pam' && (!auth.tokenid || auth.privsep === 0);
}

function pathPrefixes(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  const out = ['/'];
  for (let i = 1; i <= parts.length; i++) out.push('/' + parts.slice(0, i).join('/'));
  return out;
}

/** PVE-style inheritance: deeper entries replace shallower, user entries beat group entries, NoAccess wins. */
function rolesOn(
  cluster: ClusterState,
  type: 'user' | 'token',
  ugid: string,
  groups: string[],
  path: string,
): string[] {
  let roles: string[] = [];
  for (const prefix of pathPrefixes(path)) {
    const final = prefix === path;
    const applies = (a: { path: string; propagate: number }) =>
      a.path === prefix && (final || a.propagate);
    const own = cluster.acls.filter((a) => applies(a) && a.type === type && a.ugid === ugid);
    if (own.length) {
      roles = own.map((a) => a.roleid);
      continue;
    }
    if (type === 'user') {
      const grp = cluster.acls.filter(
        (a) => applies(a) && a.type === 'group' && groups.includes(a.ugid),
      );
      if (grp.length) roles = grp.map((a) => a.roleid);
    }
  }
  return roles.includes('NoAccess') ? [] : roles;
}

function userPrivs(cluster: ClusterState, user: string, path: string): Set<string> {
  if (user === 'root@pam') return new Set(ALL_PRIVS);
  const u = cluster.users[user];
  if (!u || !u.enable) return new Set();
  const out = new Set<string>();
  for (const r of rolesOn(cluster, 'user', user, u.groups, path))
    for (const p of rolePrivs(cluster, r)) out.add(p);
  return out;
}

export function privsOn(cluster: ClusterState, auth: AuthContext, path: string): Set<string> {
  const base = userPrivs(cluster, auth.user, path);
  if (!auth.tokenid || auth.privsep === 0) return base;
  const tok = new Set<string>();
  for (const r of rolesOn(cluster, 'token', auth.authid, [], path))
    for (const p of rolePrivs(cluster, r)) if (base.has(p)) tok.add(p);
  return tok;
}

export function hasPriv(
  cluster: ClusterState,
  auth: AuthContext,
  path: string,
  privs: string[],
  any = false,
): boolean {
  if (isRoot(auth)) return true;
  const have = privsOn(cluster, auth, path);
  return any ? privs.some((p) => have.has(p)) : privs.every((p) => have.has(p));
}

/** Guest-level check that also honours pool ACLs (PVE checks /vms/{vmid} and /pool/{pool}). */
export function guestPriv(
  cluster: ClusterState,
  auth: AuthContext,
  g: Guest,
  privs: string[],
  any = false,
): boolean {
  if (hasPriv(cluster, auth, `/vms/${g.vmid}`, privs, any)) return true;
  return !!g.pool && hasPriv(cluster, auth, `/pool/${g.pool}`, privs, any);
}

type Params = Record<string, unknown>;

function subst(path: string, params: Params): string | undefined {
  let missing = false;
  const out = path.replace(/\{([^}]+)\}/g, (_m, k: string) => {
    const v = params[k];
    if (v === undefined || v === null || v === '') missing = true;
    return String(v);
  });
  return missing ? undefined : out;
}

/** Evaluate a schema `permissions.check` expression. */
export function evalCheck(
  cluster: ClusterState,
  auth: AuthContext,
  check: unknown[],
  params: Params,
): boolean {
  const [op, ...args] = check as [string, ...unknown[]];
  switch (op) {
    case 'and':
      return args.every((c) => evalCheck(cluster, auth, c as unknown[], params));
    case 'or':
      return args.some((c) => evalCheck(cluster, auth, c as unknown[], params));
    case 'perm': {
      const [tpl, privs, ...opts] = args as [string, string[], ...unknown[]];
      const o: Record<string, unknown> = {};
      for (let i = 0; i + 1 < opts.length; i += 2) o[String(opts[i])] = opts[i + 1];
      if (o.require_param && params[String(o.require_param)] === undefined) return false;
      const path = subst(tpl, params);
      if (!path) return false;
      if (path.startsWith('/vms/') && !privs.length) return true;
      if (hasPriv(cluster, auth, path, privs, !!o.any)) return true;
      // a guest in a pool inherits the pool's ACLs
      const vm = /^\/vms\/(\d+)$/.exec(path);
      const g = vm ? cluster.guests.get(Number(vm[1])) : undefined;
      return !!g?.pool && hasPriv(cluster, auth, `/pool/${g.pool}`, privs, !!o.any);
    }
    case 'userid-param': {
      const target = String(params.userid ?? '');
      if (args[0] === 'self') return target === auth.user;
      const realm = target.split('@')[1] ?? '';
      return hasPriv(cluster, auth, `/access/realm/${realm}`, [String(args[0])]);
    }
    case 'userid-group': {
      const privs = args[0] as string[];
      if (hasPriv(cluster, auth, '/access/groups', privs)) return true;
      const target = cluster.users[String(params.userid ?? '')];
      return !!target?.groups.some((g) => hasPriv(cluster, auth, `/access/groups/${g}`, privs));
    }
    case 'perm-modify': {
      const path = subst(String(args[0]), params) ?? '/';
      return hasPriv(cluster, auth, path, ['Permissions.Modify']);
    }
    default:
      return false;
  }
}
