import { randomUUID } from 'node:crypto';
import { hasPriv, isRoot, privsOn } from '../auth/acl';
import { ALL_PRIVS, BUILTIN_ROLES } from '../auth/privileges';
import { hashSecret } from '../auth/tickets';
import { PveError, forbidden } from '../errors';
import type { Router, RouteCtx } from '../router';
import type { AclEntry } from '../world/types';
import { bool, index, splitList } from './helpers';

function capabilities(ctx: RouteCtx, user: string) {
  const auth = { authid: user, user, via: 'ticket' as const };
  const area = (path: string, filter: (p: string) => boolean) => {
    const privs = privsOn(ctx.c, auth, path);
    return Object.fromEntries([...privs].filter(filter).map((p) => [p, 1]));
  };
  return {
    vms: area('/vms', (p) => p.startsWith('VM.') || p === 'Permissions.Modify'),
    storage: area('/storage', (p) => p.startsWith('Datastore.') || p === 'Permissions.Modify'),
    nodes: area('/nodes', (p) => p.startsWith('Sys.') || p === 'Permissions.Modify'),
    access: area('/access', (p) =>
      ['User.Modify', 'Group.Allocate', 'Permissions.Modify'].includes(p),
    ),
    dc: area('/', (p) => p.startsWith('Sys.') || p.startsWith('SDN.')),
    sdn: area('/sdn', (p) => p.startsWith('SDN.') || p === 'Permissions.Modify'),
    mapping: area('/mapping', (p) => p.startsWith('Mapping.') || p === 'Permissions.Modify'),
  };
}

function tokenInfo(t: { privsep: number; expire: number; comment?: string }) {
  const o: Record<string, unknown> = { privsep: t.privsep, expire: t.expire };
  if (t.comment) o.comment = t.comment;
  return o;
}

function userOrFail(ctx: RouteCtx, userid: string) {
  const u = ctx.c.users[userid];
  if (!u) throw new PveError(500, `no such user ('${userid}')`);
  return u;
}

function roleOrFail(ctx: RouteCtx, roleid: string): string[] {
  const privs = BUILTIN_ROLES[roleid] ?? ctx.c.roles[roleid];
  if (!privs) throw new PveError(500, `role '${roleid}' does not exist`);
  return privs;
}

export function registerAccessRoutes(r: Router): void {
  r.add('GET', '/access', () =>
    index([
      'users',
      'groups',
      'roles',
      'acl',
      'domains',
      'ticket',
      'password',
      'permissions',
      'tfa',
      'openid',
    ]),
  );
  r.add('GET', '/access/ticket', () => null);
  r.add('POST', '/access/ticket', (ctx) => {
    const { rt, p } = ctx;
    let username = String(p.username);
    if (p.realm && !username.includes('@')) username = `${username}@${p.realm}`;
    const password = String(p.password);
    let ok = false;
    const fromTicket = password.startsWith('PVE:') ? rt.signer.verify(password) : undefined;
    if (fromTicket) ok = fromTicket === username || fromTicket === 'root@pam';
    else ok = rt.checkPassword(username, password);
    if (!ok) throw new PveError(401, 'authentication failure');
    if (p.path && p.privs) {
      const auth = { authid: username, user: username, via: 'ticket' as const };
      if (!hasPriv(ctx.c, auth, String(p.path), splitList(p.privs)))
        throw new PveError(401, 'authentication failure');
    }
    return {
      username,
      ticket: rt.signer.issue(username),
      CSRFPreventionToken: rt.signer.csrf(username),
      clustername: ctx.c.name,
      cap: capabilities(ctx, username),
    };
  });
  r.add('GET', '/access/domains', () => [
    { realm: 'pam', type: 'pam', comment: 'Linux PAM standard authentication' },
    { realm: 'pve', type: 'pve', comment: 'Proxmox VE authentication server', default: 1 },
  ]);

  // users
  r.add('GET', '/access/users', (ctx) => {
    const canSeeAll =
      hasPriv(ctx.c, ctx.auth, '/access/groups', ['User.Modify']) ||
      hasPriv(ctx.c, ctx.auth, '/access', ['Sys.Audit']);
    return Object.values(ctx.c.users)
      .filter((u) => canSeeAll || u.userid === ctx.auth.user)
      .filter((u) => ctx.p.enabled === undefined || u.enable === ctx.p.enabled)
      .map((u) => ({
        userid: u.userid,
        enable: u.enable,
        expire: u.expire,
        ...(u.firstname ? { firstname: u.firstname } : {}),
        ...(u.lastname ? { lastname: u.lastname } : {}),
        ...(u.email ? { email: u.email } : {}),
        ...(u.comment ? { comment: u.comment } : {}),
        groups: u.groups.join(','),
        'realm-type': u.userid.split('@')[1] === 'pam' ? 'pam' : 'pve',
        ...(ctx.p.full
          ? {
              tokens: Object.values(u.tokens).map((t) => ({ tokenid: t.tokenid, ...tokenInfo(t) })),
            }
          : {}),
      }));
  });
  r.add('POST', '/access/users', (ctx) => {
    const { p, c } = ctx;
    const userid = String(p.userid);
    if (c.users[userid])
      throw new PveError(500, `create user failed: user '${userid}' already exists`);
    const realm = userid.split('@')[1];
    if (!['pve', 'pam'].includes(realm))
      throw new PveError(500, `create user failed: domain '${realm}' does not exist`);
    const groups = splitList(p.groups);
    for (const g of groups)
      if (!c.groups[g]) throw new PveError(500, `create user failed: no such group '${g}'`);
    c.users[userid] = {
      userid,
      enable: p.enable === undefined ? 1 : bool(p.enable),
      expire: Number(p.expire ?? 0),
      firstname: p.firstname as string | undefined,
      lastname: p.lastname as string | undefined,
      email: p.email as string | undefined,
      comment: p.comment as string | undefined,
      groups,
      password:
        p.password !== undefined && realm === 'pve' ? hashSecret(String(p.password)) : undefined,
      tokens: {},
    };
    return null;
  });
  r.add('GET', '/access/users/{userid}', (ctx) => {
    const u = userOrFail(ctx, String(ctx.p.userid));
    const out: Record<string, unknown> = { enable: u.enable, expire: u.expire, groups: u.groups };
    for (const k of ['firstname', 'lastname', 'email', 'comment'] as const) if (u[k]) out[k] = u[k];
    out.tokens = Object.fromEntries(Object.values(u.tokens).map((t) => [t.tokenid, tokenInfo(t)]));
    return out;
  });
  r.add('PUT', '/access/users/{userid}', (ctx) => {
    const { p } = ctx;
    const u = userOrFail(ctx, String(p.userid));
    for (const k of ['firstname', 'lastname', 'email', 'comment'] as const)
      if (p[k] !== undefined) u[k] = String(p[k]);
    if (p.enable !== undefined) u.enable = bool(p.enable);
    if (p.expire !== undefined) u.expire = Number(p.expire);
    if (p.groups !== undefined) {
      const groups = splitList(p.groups);
      u.groups = p.append ? [...new Set([...u.groups, ...groups])] : groups;
    }
    return null;
  });
  r.add('DELETE', '/access/users/{userid}', (ctx) => {
    const userid = String(ctx.p.userid);
    userOrFail(ctx, userid);
    if (userid === 'root@pam')
      throw new PveError(500, 'delete user failed: cannot delete root@pam');
    delete ctx.c.users[userid];
    ctx.c.acls = ctx.c.acls.filter((a) => a.ugid !== userid && !a.ugid.startsWith(`${userid}!`));
    return null;
  });
  r.add('PUT', '/access/password', (ctx) => {
    const { p, auth } = ctx;
    const userid = String(p.userid);
    if (
      userid !== auth.user &&
      !isRoot(auth) &&
      !hasPriv(ctx.c, auth, '/access/groups', ['User.Modify'])
    )
      throw forbidden();
    if (userid === 'root@pam')
      throw new PveError(500, 'changing the root@pam password is not supported by the simulator');
    const u = userOrFail(ctx, userid);
    u.password = hashSecret(String(p.password));
    return null;
  });

  // tokens
  r.add('GET', '/access/users/{userid}/token', (ctx) =>
    Object.values(userOrFail(ctx, String(ctx.p.userid)).tokens).map((t) => ({
      tokenid: t.tokenid,
      ...tokenInfo(t),
    })),
  );
  r.add('GET', '/access/users/{userid}/token/{tokenid}', (ctx) => {
    const t = userOrFail(ctx, String(ctx.p.userid)).tokens[String(ctx.p.tokenid)];
    if (!t) throw new PveError(500, `no such token '${ctx.p.tokenid}' for user '${ctx.p.userid}'`);
    return tokenInfo(t);
  });
  r.add('POST', '/access/users/{userid}/token/{tokenid}', (ctx) => {
    const { p } = ctx;
    const u = userOrFail(ctx, String(p.userid));
    const tokenid = String(p.tokenid);
    if (u.tokens[tokenid]) throw new PveError(500, `Token already exists.`);
    const value = randomUUID();
    const t = {
      tokenid,
      privsep: (p.privsep === undefined ? 1 : bool(p.privsep)) as 0 | 1,
      expire: Number(p.expire ?? 0),
      comment: p.comment as string | undefined,
      secret: hashSecret(value),
    };
    u.tokens[tokenid] = t;
    return { 'full-tokenid': `${u.userid}!${tokenid}`, value, info: tokenInfo(t) };
  });
  r.add('PUT', '/access/users/{userid}/token/{tokenid}', (ctx) => {
    const { p } = ctx;
    const t = userOrFail(ctx, String(p.userid)).tokens[String(p.tokenid)];
    if (!t) throw new PveError(500, `no such token '${p.tokenid}' for user '${p.userid}'`);
    if (p.privsep !== undefined) t.privsep = bool(p.privsep);
    if (p.expire !== undefined) t.expire = Number(p.expire);
    if (p.comment !== undefined) t.comment = String(p.comment);
    return tokenInfo(t);
  });
  r.add('DELETE', '/access/users/{userid}/token/{tokenid}', (ctx) => {
    const { p } = ctx;
    const u = userOrFail(ctx, String(p.userid));
    if (!u.tokens[String(p.tokenid)])
      throw new PveError(500, `no such token '${p.tokenid}' for user '${p.userid}'`);
    delete u.tokens[String(p.tokenid)];
    const full = `${u.userid}!${p.tokenid}`;
    ctx.c.acls = ctx.c.acls.filter((a) => a.ugid !== full);
    return null;
  });

  // ACLs
  r.add('GET', '/access/acl', (ctx) =>
    ctx.c.acls
      .filter(
        (a) =>
          hasPriv(ctx.c, ctx.auth, a.path, ['Permissions.Modify']) ||
          hasPriv(ctx.c, ctx.auth, a.path, ['Sys.Audit']),
      )
      .map((a) => ({
        path: a.path,
        roleid: a.roleid,
        type: a.type,
        ugid: a.ugid,
        propagate: a.propagate,
      })),
  );
  r.add('PUT', '/access/acl', (ctx) => {
    const { p, c } = ctx;
    const path = String(p.path).replace(/\/+$/, '') || '/';
    const roles = splitList(p.roles);
    for (const role of roles) roleOrFail(ctx, role);
    const targets: Array<Pick<AclEntry, 'type' | 'ugid'>> = [
      ...splitList(p.users).map((ugid) => ({ type: 'user' as const, ugid })),
      ...splitList(p.groups).map((ugid) => ({ type: 'group' as const, ugid })),
      ...splitList(p.tokens).map((ugid) => ({ type: 'token' as const, ugid })),
    ];
    if (!targets.length)
      throw new PveError(400, 'Parameter verification failed.', {
        users: 'either users, groups or tokens is required',
      });
    for (const t of targets) {
      if (t.type === 'user' && !c.users[t.ugid])
        throw new PveError(500, `unable to find user '${t.ugid}'`);
      if (t.type === 'group' && !c.groups[t.ugid])
        throw new PveError(500, `unable to find group '${t.ugid}'`);
      if (t.type === 'token') {
        const [user, tok] = t.ugid.split('!');
        if (!c.users[user]?.tokens[tok])
          throw new PveError(500, `unable to find API token '${t.ugid}'`);
      }
      for (const roleid of roles) {
        c.acls = c.acls.filter(
          (a) =>
            !(a.path === path && a.type === t.type && a.ugid === t.ugid && a.roleid === roleid),
        );
        if (!p.delete)
          c.acls.push({
            path,
            type: t.type,
            ugid: t.ugid,
            roleid,
            propagate: p.propagate === undefined ? 1 : bool(p.propagate),
          });
      }
    }
    return null;
  });

  // roles
  r.add('GET', '/access/roles', (ctx) => [
    ...Object.entries(BUILTIN_ROLES).map(([roleid, privs]) => ({
      roleid,
      privs: privs.join(','),
      special: 1,
    })),
    ...Object.entries(ctx.c.roles).map(([roleid, privs]) => ({
      roleid,
      privs: privs.join(','),
      special: 0,
    })),
  ]);
  r.add('POST', '/access/roles', (ctx) => {
    const roleid = String(ctx.p.roleid);
    if (roleid.startsWith('PVE') || BUILTIN_ROLES[roleid])
      throw new PveError(500, `cannot create role '${roleid}': reserved name`);
    if (ctx.c.roles[roleid]) throw new PveError(500, `role '${roleid}' already exists`);
    ctx.c.roles[roleid] = validPrivs(splitList(ctx.p.privs));
    return null;
  });
  r.add('GET', '/access/roles/{roleid}', (ctx) =>
    Object.fromEntries(roleOrFail(ctx, String(ctx.p.roleid)).map((p) => [p, 1])),
  );
  r.add('PUT', '/access/roles/{roleid}', (ctx) => {
    const roleid = String(ctx.p.roleid);
    if (BUILTIN_ROLES[roleid]) throw new PveError(500, `cannot modify built-in role '${roleid}'`);
    const cur = roleOrFail(ctx, roleid);
    const privs = validPrivs(splitList(ctx.p.privs));
    ctx.c.roles[roleid] = ctx.p.append ? [...new Set([...cur, ...privs])] : privs;
    return null;
  });
  r.add('DELETE', '/access/roles/{roleid}', (ctx) => {
    const roleid = String(ctx.p.roleid);
    if (BUILTIN_ROLES[roleid]) throw new PveError(500, `cannot delete built-in role '${roleid}'`);
    roleOrFail(ctx, roleid);
    delete ctx.c.roles[roleid];
    ctx.c.acls = ctx.c.acls.filter((a) => a.roleid !== roleid);
    return null;
  });

  // groups
  r.add('GET', '/access/groups', (ctx) =>
    Object.entries(ctx.c.groups)
      .filter(([groupid]) =>
        ['/access/groups', `/access/groups/${groupid}`].some((path) =>
          hasPriv(ctx.c, ctx.auth, path, ['User.Modify', 'Sys.Audit', 'Group.Allocate'], true),
        ),
      )
      .map(([groupid, g]) => ({
        groupid,
        ...(g.comment ? { comment: g.comment } : {}),
        users: Object.values(ctx.c.users)
          .filter((u) => u.groups.includes(groupid))
          .map((u) => u.userid)
          .join(','),
      })),
  );
  r.add('POST', '/access/groups', (ctx) => {
    const id = String(ctx.p.groupid);
    if (ctx.c.groups[id])
      throw new PveError(500, `create group failed: group '${id}' already exists`);
    ctx.c.groups[id] = { comment: ctx.p.comment as string | undefined };
    return null;
  });
  r.add('GET', '/access/groups/{groupid}', (ctx) => {
    const g = ctx.c.groups[String(ctx.p.groupid)];
    if (!g) throw new PveError(500, `group '${ctx.p.groupid}' does not exist`);
    return {
      ...(g.comment ? { comment: g.comment } : {}),
      members: Object.values(ctx.c.users)
        .filter((u) => u.groups.includes(String(ctx.p.groupid)))
        .map((u) => u.userid),
    };
  });
  r.add('PUT', '/access/groups/{groupid}', (ctx) => {
    const g = ctx.c.groups[String(ctx.p.groupid)];
    if (!g) throw new PveError(500, `group '${ctx.p.groupid}' does not exist`);
    if (ctx.p.comment !== undefined) g.comment = String(ctx.p.comment);
    return null;
  });
  r.add('DELETE', '/access/groups/{groupid}', (ctx) => {
    const id = String(ctx.p.groupid);
    if (!ctx.c.groups[id]) throw new PveError(500, `group '${id}' does not exist`);
    delete ctx.c.groups[id];
    for (const u of Object.values(ctx.c.users)) u.groups = u.groups.filter((g) => g !== id);
    ctx.c.acls = ctx.c.acls.filter((a) => !(a.type === 'group' && a.ugid === id));
    return null;
  });

  r.add('GET', '/access/permissions', (ctx) => {
    const { p, c, auth } = ctx;
    let who = auth;
    if (p.userid && p.userid !== auth.authid) {
      if (!hasPriv(c, auth, '/access', ['Sys.Audit'])) throw forbidden('/access, Sys.Audit');
      const id = String(p.userid);
      const [user, tokenid] = id.split('!');
      const t = tokenid ? c.users[user]?.tokens[tokenid] : undefined;
      who = { authid: id, user, tokenid, privsep: t?.privsep, via: tokenid ? 'token' : 'ticket' };
    }
    const paths = p.path
      ? [String(p.path)]
      : [
          '/',
          '/access',
          '/nodes',
          '/storage',
          '/vms',
          '/pool',
          '/sdn',
          '/mapping',
          ...new Set(c.acls.map((a) => a.path)),
        ];
    const out: Record<string, Record<string, number>> = {};
    for (const path of paths) {
      const privs = privsOn(c, who, path);
      if (privs.size || p.path) out[path] = Object.fromEntries([...privs].map((x) => [x, 1]));
    }
    return out;
  });
}

function validPrivs(privs: string[]): string[] {
  for (const p of privs)
    if (!ALL_PRIVS.includes(p))
      throw new PveError(400, 'Parameter verification failed.', {
        privs: `invalid privilege name '${p}'`,
      });
  return privs;
}
