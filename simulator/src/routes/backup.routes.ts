import { randomBytes } from 'node:crypto';
import { guestPriv, hasPriv } from '../auth/acl';
import { PveError, forbidden, paramError } from '../errors';
import type { Router, RouteCtx } from '../router';
import { backupVolume } from '../world/generate';
import { shareBackup } from '../world/shared-datastores';
import { storageOrFail, storageStatus } from '../world/storage';
import type { Guest } from '../world/types';
import { index, splitList } from './helpers';
import { pruneStorage } from './nodes.routes';

const JOB_KEYS = [
  'all',
  'bwlimit',
  'comment',
  'compress',
  'dumpdir',
  'enabled',
  'exclude',
  'exclude-path',
  'fleecing',
  'ionice',
  'lockwait',
  'mailnotification',
  'mailto',
  'maxfiles',
  'mode',
  'node',
  'notes-template',
  'notification-mode',
  'pbs-change-detection-mode',
  'performance',
  'pigz',
  'pool',
  'protected',
  'prune-backups',
  'quiet',
  'remove',
  'repeat-missed',
  'schedule',
  'script',
  'starttime',
  'dow',
  'stdexcludes',
  'stop',
  'stopwait',
  'storage',
  'tmpdir',
  'vmid',
  'zstd',
];
const OBJECT_KEYS = ['prune-backups', 'fleecing', 'performance'];

function selectGuests(ctx: RouteCtx, node: string): Guest[] {
  const { c, p } = ctx;
  const exclude = new Set(splitList(p.exclude).map(Number));
  let list: Guest[];
  if (p.vmid !== undefined)
    list = splitList(p.vmid).map((id) => {
      const g = c.guests.get(Number(id));
      if (!g) throw new PveError(500, `unable to find VM '${id}'`);
      return g;
    });
  else if (p.all) list = [...c.guests.values()];
  else if (p.pool) list = [...c.guests.values()].filter((g) => g.pool === p.pool);
  else throw paramError({ vmid: 'property is missing and it is not optional' });
  return list.filter((g) => g.node === node && !exclude.has(g.vmid) && !g.config.template);
}

function renderNotes(tpl: string, g: Guest, node: string, cluster: string): string {
  return tpl
    .replace(/\{\{guestname\}\}/g, String(g.config.name ?? g.config.hostname ?? g.vmid))
    .replace(/\{\{vmid\}\}/g, String(g.vmid))
    .replace(/\{\{node\}\}/g, node)
    .replace(/\{\{cluster\}\}/g, cluster);
}

function parsePropertyObject(s: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const part of s.split(',')) {
    const [k, v] = part.split('=');
    if (k)
      out[v === undefined ? 'enabled' : k] = v === undefined ? k : /^\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}

function jobOut(job: Record<string, unknown>) {
  const o: Record<string, unknown> = { ...job };
  for (const k of OBJECT_KEYS)
    if (typeof o[k] === 'string') o[k] = parsePropertyObject(String(o[k]));
  o['next-run'] = nextRun(String(job.schedule ?? '00:00'));
  return o;
}

/** Next run for the simple `HH:MM` / `<dow> HH:MM` / `*-*-* HH:MM` calendar events jobs usually use. */
function nextRun(schedule: string): number {
  const m = /(\d{1,2}):(\d{2})\s*$/.exec(schedule);
  const d = new Date();
  if (!m) return Math.floor(d.getTime() / 1000) + 3600;
  const next = new Date(
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), Number(m[1]), Number(m[2])),
  );
  if (next <= d) next.setUTCDate(next.getUTCDate() + 1);
  return Math.floor(next.getTime() / 1000);
}

export function registerBackupRoutes(r: Router): void {
  r.add('POST', '/nodes/{node}/vzdump', (ctx) => {
    const { c, p, rt, auth } = ctx;
    const node = String(p.node);
    const storageId = String(p.storage ?? 'local');
    const s = storageOrFail(c, storageId);
    if (!String(s.content).split(',').includes('backup'))
      throw new PveError(500, `storage '${storageId}' does not support backups`);
    if (!hasPriv(c, auth, `/storage/${storageId}`, ['Datastore.AllocateSpace']))
      throw forbidden(`/storage/${storageId}, Datastore.AllocateSpace`);
    if (p['prune-backups'] && !hasPriv(c, auth, `/storage/${storageId}`, ['Datastore.Allocate']))
      throw forbidden(`/storage/${storageId}, Datastore.Allocate`);
    for (const k of ['tmpdir', 'dumpdir', 'script', 'job-id'])
      if (p[k] !== undefined && !(auth.user === 'root@pam' && !auth.tokenid))
        throw forbidden(`only root may set ${k}`);
    for (const k of ['bwlimit', 'performance', 'ionice'])
      if (p[k] !== undefined && !hasPriv(c, auth, '/', ['Sys.Modify']))
        throw forbidden('/, Sys.Modify');
    const guests = selectGuests(ctx, node);
    for (const g of guests)
      if (!guestPriv(c, auth, g, ['VM.Backup'])) throw forbidden(`/vms/${g.vmid}, VM.Backup`);
    const single =
      p.vmid !== undefined && splitList(p.vmid).length === 1 ? splitList(p.vmid)[0] : '';
    const locked = new Set<number>();
    const task = rt.task(auth, {
      node,
      type: 'vzdump',
      id: single,
      durationMs: 600 + 400 * guests.length,
      progress: (pct) =>
        `INFO: ${pct}% (${((32 * pct) / 100).toFixed(1)} GiB of 32.0 GiB) in ${Math.round(pct / 10)}s, read: 640.0 MiB/s, write: 512.0 MiB/s`,
      preamble: [
        `INFO: starting new backup job: vzdump ${p.vmid ?? (p.all ? '--all 1' : `--pool ${p.pool}`)} --storage ${storageId} --mode ${p.mode ?? 'snapshot'}${p.compress ? ` --compress ${p.compress}` : ''}`,
      ],
      check: () => {
        if (!guests.length && p.vmid === undefined)
          throw new Error('no guests selected for backup on this node');
        for (const g of guests) {
          if (g.lock) continue;
          g.lock = 'backup';
          locked.add(g.vmid);
        }
      },
      cleanup: () => {
        for (const id of locked) {
          const g = c.guests.get(id);
          if (g?.lock === 'backup') delete g.lock;
        }
      },
      work: (log) => {
        let errors = 0;
        let written = 0;
        const nowMs = Date.now();
        for (const [i, g] of guests.entries()) {
          log(`INFO: Starting Backup of VM ${g.vmid} (${g.type})`);
          if (!locked.has(g.vmid)) {
            log(
              `ERROR: Backup of VM ${g.vmid} failed - ${g.type === 'qemu' ? 'VM' : 'CT'} is locked (${g.lock})`,
            );
            errors++;
            continue;
          }
          if (g.lock === 'backup') delete g.lock;
          locked.delete(g.vmid);
          let when = new Date(nowMs + i * 1000);
          while (
            c.volumes.some(
              (v) =>
                v.volid ===
                backupVolume(storageId, node, g, when, String(p.compress ?? '0'), undefined, s.type)
                  .volid,
            )
          )
            when = new Date(when.getTime() + 1000);
          const vol = backupVolume(
            storageId,
            s.shared ? '' : node,
            g,
            when,
            String(p.compress ?? '0'),
            p['notes-template']
              ? renderNotes(String(p['notes-template']), g, node, c.name)
              : undefined,
            s.type,
          );
          vol.protected = p.protected ? 1 : 0;
          // A full target storage fails this guest's backup like vma's write does on a real one.
          const free = storageStatus(c, s, node).avail - written;
          if (free < vol.size) {
            log(
              `ERROR: Backup of VM ${g.vmid} failed - vma_queue_write: write error - No space left on device`,
            );
            errors++;
            continue;
          }
          written += vol.size;
          c.volumes.push(vol);
          shareBackup(
            rt.peers.map((x) => x.state),
            c,
            s,
            vol,
          );
          if (s.type === 'pbs')
            log(
              `INFO: creating Proxmox Backup Server archive '${vol.volid.slice(vol.volid.indexOf(':backup/') + 8)}'`,
            );
          else
            log(`INFO: creating vzdump archive '/var/lib/vz/dump/${vol.volid.split('/').pop()}'`);
          log(`INFO: Finished Backup of VM ${g.vmid} (00:00:0${1 + (g.vmid % 8)})`);
          const spec =
            (p['prune-backups'] as string | undefined) ??
            (s['prune-backups'] as string | undefined);
          if (p.remove !== 0 && spec && !/keep-all=1/.test(spec)) {
            const marks = pruneStorage(ctx, storageId, node, spec, g.vmid, g.type, false);
            for (const m of marks.filter((x) => x.mark === 'remove'))
              log(`INFO: prune older backups: removed '${m.volid}'`);
          }
        }
        if (errors) throw new Error(`job errors`);
        log('INFO: Backup job finished successfully');
      },
    });
    return task;
  });
  r.add('GET', '/nodes/{node}/vzdump/defaults', (ctx) => ({
    storage: ctx.p.storage ?? 'local',
    mode: 'snapshot',
    compress: '0',
    'prune-backups': 'keep-all=1',
    lockwait: 180,
    stopwait: 10,
    ionice: 7,
    remove: 1,
    'notes-template': '{{guestname}}',
  }));
  r.add('GET', '/nodes/{node}/vzdump/extractconfig', (ctx) => {
    const v = ctx.c.volumes.find((x) => x.volid === ctx.p.volume && x.content === 'backup');
    if (!v) throw new PveError(500, `volume '${ctx.p.volume}' does not exist`);
    if (v.vmid !== undefined) {
      const g = ctx.c.guests.get(v.vmid);
      if (
        g &&
        !guestPriv(ctx.c, ctx.auth, g, ['VM.Backup']) &&
        !hasPriv(ctx.c, ctx.auth, `/storage/${v.storage}`, ['Datastore.Allocate'])
      )
        throw forbidden(`/vms/${v.vmid}, VM.Backup`);
    }
    return (
      Object.entries(v.guestConfig ?? {})
        .map(([k, val]) => `${k}: ${val}`)
        .join('\n') + '\n'
    );
  });

  // scheduled jobs
  r.add('GET', '/cluster/backup', (ctx) => Object.values(ctx.c.backupJobs).map(jobOut));
  r.add('POST', '/cluster/backup', (ctx) => {
    const { p, c } = ctx;
    const id = String(
      p.id ?? `backup-${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}`,
    );
    if (c.backupJobs[id]) throw new PveError(500, `Job '${id}' already exists`);
    if (!p.schedule && !p.starttime)
      throw paramError({ schedule: 'property is missing and it is not optional' });
    if (p.vmid === undefined && !p.all && !p.pool)
      throw paramError({ vmid: 'property is missing and it is not optional' });
    const job: Record<string, unknown> = { id, type: 'vzdump', enabled: 1 };
    for (const k of JOB_KEYS) if (p[k] !== undefined) job[k] = p[k];
    if (!job.schedule) job.schedule = String(p.starttime);
    c.backupJobs[id] = job;
    return null;
  });
  const jobOrFail = (ctx: RouteCtx) => {
    const job = ctx.c.backupJobs[String(ctx.p.id)];
    if (!job) throw new PveError(500, `Job '${ctx.p.id}' does not exist`);
    return job;
  };
  r.add('GET', '/cluster/backup/{id}', (ctx) => jobOut(jobOrFail(ctx)));
  r.add('PUT', '/cluster/backup/{id}', (ctx) => {
    const job = jobOrFail(ctx);
    for (const k of JOB_KEYS) if (ctx.p[k] !== undefined) job[k] = ctx.p[k];
    for (const k of splitList(ctx.p.delete)) delete job[k];
    return null;
  });
  r.add('DELETE', '/cluster/backup/{id}', (ctx) => {
    jobOrFail(ctx);
    delete ctx.c.backupJobs[String(ctx.p.id)];
    return null;
  });
  r.add('GET', '/cluster/backup/{id}/included_volumes', (ctx) => {
    const job = jobOrFail(ctx);
    const ids = job.vmid ? new Set(splitList(job.vmid).map(Number)) : undefined;
    const exclude = new Set(splitList(job.exclude).map(Number));
    const children = [...ctx.c.guests.values()]
      .filter(
        (g) =>
          !g.config.template &&
          !exclude.has(g.vmid) &&
          (ids ? ids.has(g.vmid) : job.pool ? g.pool === job.pool : true),
      )
      .slice(0, 2000)
      .map((g) => ({
        id: g.vmid,
        name: String(g.config.name ?? g.config.hostname ?? ''),
        type: g.type,
        children: Object.entries(g.config)
          .filter(
            ([k, v]) =>
              /^(scsi|virtio|sata|ide|efidisk|tpmstate)\d+$|^(rootfs|mp\d+)$/.test(k) &&
              !/media=cdrom/.test(String(v)),
          )
          .map(([k]) => ({
            id: k,
            included: 1,
            name: String(g.config[k]).split(',')[0],
            reason: 'enabled',
          })),
      }));
    return { children };
  });
  r.add('GET', '/cluster/backup-info', () => index(['not-backed-up'], 'subdir'));
  r.add('GET', '/cluster/backup-info/not-backed-up', (ctx) => {
    const covered = new Set<number>();
    let all = false;
    for (const job of Object.values(ctx.c.backupJobs)) {
      if (job.all) all = true;
      for (const id of splitList(job.vmid)) covered.add(Number(id));
      if (job.pool)
        for (const g of ctx.c.guests.values()) if (g.pool === job.pool) covered.add(g.vmid);
    }
    if (all) return [];
    return [...ctx.c.guests.values()]
      .filter((g) => !covered.has(g.vmid) && !g.config.template)
      .map((g) => ({
        vmid: g.vmid,
        type: g.type,
        name: String(g.config.name ?? g.config.hostname ?? ''),
      }));
  });
}
