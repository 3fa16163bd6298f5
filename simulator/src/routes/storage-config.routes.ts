import { hasPriv } from '../auth/acl';
import { PveError } from '../errors';
import type { Router } from '../router';
import { storageOrFail } from '../world/storage';
import type { StorageDef } from '../world/types';
import { splitList } from './helpers';

const SECRET_KEYS = new Set(['password', 'encryption-key', 'keyring', 'master-pubkey']);
const DEFAULT_CONTENT: Record<string, string> = {
  dir: 'iso,vztmpl,backup',
  esxi: 'import',
  rbd: 'images',
  lvmthin: 'images,rootdir',
  lvm: 'images',
  nfs: 'images',
  cifs: 'images',
  pbs: 'backup',
  zfspool: 'images,rootdir',
};

function publicView(s: StorageDef) {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s))
    if (!SECRET_KEYS.has(k) && k !== 'total' && v !== undefined) o[k] = v;
  return { ...o, digest: '0'.repeat(40) };
}

export function registerStorageConfigRoutes(r: Router): void {
  r.add('GET', '/storage', (ctx) =>
    ctx.c.storages
      .filter((s) => !ctx.p.type || s.type === ctx.p.type)
      .filter((s) =>
        hasPriv(
          ctx.c,
          ctx.auth,
          `/storage/${s.storage}`,
          ['Datastore.Audit', 'Datastore.AllocateSpace'],
          true,
        ),
      )
      .map(publicView),
  );
  r.add('POST', '/storage', (ctx) => {
    const { c, p } = ctx;
    const id = String(p.storage);
    if (c.storages.some((s) => s.storage === id))
      throw new PveError(500, `create storage failed: storage ID '${id}' already defined`);
    const type = String(p.type);
    if (type === 'esxi' && (!p.server || !p.username || !p.password))
      throw new PveError(400, 'Parameter verification failed.', {
        server: 'esxi storage requires server, username and password',
      });
    const content = String(p.content ?? DEFAULT_CONTENT[type] ?? 'images');
    if (type === 'esxi' && content !== 'import')
      throw new PveError(400, 'Parameter verification failed.', {
        content: `invalid content type 'images' for esxi storage - only 'import' is supported`,
      });
    const def: StorageDef = {
      storage: id,
      type,
      content,
      shared: ['esxi', 'rbd', 'nfs', 'cifs', 'pbs', 'cephfs', 'iscsi'].includes(type) ? 1 : 0,
      total: type === 'esxi' ? 0 : 4096 * 1024 ** 3,
    };
    for (const [k, v] of Object.entries(p))
      if (!['storage', 'type', 'content', 'password'].includes(k)) def[k] = v;
    c.storages.push(def);
    return { storage: id, type };
  });
  r.add('GET', '/storage/{storage}', (ctx) =>
    publicView(storageOrFail(ctx.c, String(ctx.p.storage))),
  );
  r.add('PUT', '/storage/{storage}', (ctx) => {
    const s = storageOrFail(ctx.c, String(ctx.p.storage));
    for (const [k, v] of Object.entries(ctx.p))
      if (!['storage', 'digest', 'delete', 'password'].includes(k)) s[k] = v;
    for (const k of splitList(ctx.p.delete)) delete s[k];
    return { storage: s.storage, type: s.type };
  });
  r.add('DELETE', '/storage/{storage}', (ctx) => {
    storageOrFail(ctx.c, String(ctx.p.storage));
    ctx.c.storages = ctx.c.storages.filter((s) => s.storage !== ctx.p.storage);
    return null;
  });
}
