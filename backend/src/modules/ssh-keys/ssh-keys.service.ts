import { Injectable, Logger } from '@nestjs/common';
import {
  SSH_KEY_HEALTH_EVENT,
  type JobDto,
  type SshBulkPushInput,
  type SshKeyHealthEvent,
  type SshKeysOverview,
  type SshNodeResult,
  type SshNodeTargetInput,
  type SshPushInput,
} from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import type { Principal } from '../../common/auth/scope';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AppError, notFound } from '../../common/errors/app-error';
import { EventsPublisher } from '../../common/events/events.publisher';
import { RedisService } from '../../common/redis/redis.service';
import type { JobRunContext } from '../jobs/job-context';
import { JobsService } from '../jobs/jobs.service';
import { generateSshKey } from './ssh-key-material';
import { toKeyView, toNodeHealthView } from './ssh-keys.mapper';
import { SshKeysRepository, type NodeTargetRow, type SshKeyRow } from './ssh-keys.repository';
import {
  addKeyScript,
  removeKeysScript,
  run,
  SshError,
  tryKeyLogin,
  withSsh,
  type SshTarget,
} from './ssh-remote';
import { mapLimit } from '../../common/async/map-limit';

export const SSH_KEY_CONTEXT = 'ssh-key.private';
const PUSH_SECRET_CONTEXT = 'ssh-push.passwords';
// One-time passwords wait for the worker this long, encrypted, then vanish.
const PUSH_SECRET_TTL_SEC = 900;
const NODE_CONCURRENCY = 8;

const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Platform SSH key pair, push to nodes, key tests, rotation and key health (API and worker). */
@Injectable()
export class SshKeysService {
  private readonly logger = new Logger('SshKeys');

  constructor(
    private readonly repo: SshKeysRepository,
    private readonly cipher: SecretsCipher,
    private readonly jobs: JobsService,
    private readonly redis: RedisService,
    private readonly events: EventsPublisher,
    private readonly activity: ActivityService,
  ) {}

  // --- keys --------------------------------------------------------------------------------

  private newKeyData() {
    const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const m = generateSshKey(`multpanel-${stamp}`);
    return {
      fingerprint: m.fingerprint,
      publicKey: m.publicKey,
      privateKey: this.cipher.encrypt(m.privateKey, SSH_KEY_CONTEXT),
    };
  }

  /** The active key, created on first use. */
  async ensureActiveKey(): Promise<SshKeyRow> {
    return (await this.repo.active()) ?? this.repo.createFirst(this.newKeyData());
  }

  private privateKeyOf(key: SshKeyRow): string {
    return this.cipher.decrypt(key.privateKey, SSH_KEY_CONTEXT);
  }

  async overview(): Promise<SshKeysOverview> {
    const [keys, nodes] = await Promise.all([this.repo.keys(), this.repo.nodes()]);
    const active = keys.find((k) => k.status === 'active') ?? null;
    return {
      activeKey: active ? toKeyView(active) : null,
      keys: keys.map(toKeyView),
      nodes: nodes.map(toNodeHealthView),
    };
  }

  // --- targets -----------------------------------------------------------------------------

  target(n: NodeTargetRow): SshTarget {
    return {
      host: n.sshHost ?? n.name,
      port: n.sshPort ?? 22,
      username: n.sshUser,
      hostKey: n.sshHostKey,
    };
  }

  /** Trust on first use: the first host key seen for a node is stored and then required. */
  private pinner(n: NodeTargetRow) {
    return async (fp: string) => {
      if (n.sshHostKey) return;
      n.sshHostKey = fp;
      await this.repo.pinHostKey(n.id, fp);
    };
  }

  async setNodeTarget(clusterId: string, node: string, body: SshNodeTargetInput, actor: Principal) {
    if (!(await this.repo.setTarget(clusterId, node, body.host, body.port))) {
      throw notFound('Node');
    }
    await this.activity.record({
      action: 'ssh-keys.node-target',
      actor,
      resourceType: 'cluster',
      resourceId: clusterId,
      details: { node, host: body.host, port: body.port },
    });
    const [row] = await this.repo.nodes({ clusterId, names: [node] });
    return toNodeHealthView(row);
  }

  async setClusterUser(clusterId: string, user: string, actor: Principal) {
    if (!(await this.repo.setUser(clusterId, user))) throw notFound('Cluster');
    await this.activity.record({
      action: 'ssh-keys.cluster-user',
      actor,
      resourceType: 'cluster',
      resourceId: clusterId,
      details: { user },
    });
    return { clusterId, sshUser: user };
  }

  private async clusterNodes(clusterId: string, names?: string[]): Promise<NodeTargetRow[]> {
    if (!(await this.repo.clusterExists(clusterId))) throw notFound('Cluster');
    const nodes = await this.repo.nodes({ clusterId, names });
    if (names) {
      const missing = names.filter((n) => !nodes.some((r) => r.name === n));
      if (missing.length) {
        throw new AppError('NOT_FOUND', `Unknown node(s): ${missing.join(', ')}`);
      }
    }
    return nodes;
  }

  private base(n: NodeTargetRow) {
    const t = this.target(n);
    return {
      clusterId: n.clusterId,
      clusterName: n.clusterName,
      node: n.name,
      host: t.host,
      port: t.port,
    };
  }

  // --- push --------------------------------------------------------------------------------

  /** Install the active key with a one-time password, then prove the key logs in. */
  private async pushNode(
    n: NodeTargetRow,
    password: string,
    key: SshKeyRow,
  ): Promise<SshNodeResult> {
    const target = this.target(n);
    try {
      await withSsh(
        target,
        { password },
        (ssh) => run(ssh, addKeyScript(key.publicKey)),
        undefined,
        this.pinner(n),
      );
    } catch (err) {
      return { ...this.base(n), ok: false, error: errText(err) };
    }
    const check = await tryKeyLogin(target, this.privateKeyOf(key));
    const at = new Date();
    if (!check.ok) {
      await this.recordHealth(n, {
        accepted: [],
        active: key.id,
        latencyMs: null,
        error: check.error,
        at,
      });
      return {
        ...this.base(n),
        ok: false,
        error: `key installed but login failed: ${check.error}`,
      };
    }
    await this.recordHealth(n, {
      accepted: [key.id],
      active: key.id,
      latencyMs: check.latencyMs,
      error: null,
      at,
    });
    return { ...this.base(n), ok: true, acceptedKeyIds: [key.id], latencyMs: check.latencyMs };
  }

  async push(clusterId: string, body: SshPushInput, actor: Principal): Promise<SshNodeResult[]> {
    const nodes = await this.clusterNodes(clusterId, body.nodes);
    const key = await this.ensureActiveKey();
    const results = await mapLimit(nodes, NODE_CONCURRENCY, (n) =>
      this.pushNode(n, body.password, key),
    );
    await this.activity.record({
      action: 'ssh-keys.push',
      actor,
      result: results.every((r) => r.ok) ? 'success' : 'failure',
      resourceType: 'cluster',
      resourceId: clusterId,
      details: {
        keyId: key.id,
        ok: results.filter((r) => r.ok).map((r) => r.node),
        failed: results.filter((r) => !r.ok).map((r) => r.node),
      },
    });
    return results;
  }

  /** Passwords go to the worker encrypted in a short-lived Redis key, never in the job row. */
  async startBulkPush(body: SshBulkPushInput, actor: Principal): Promise<JobDto> {
    const ids = [...new Set(body.clusters.map((c) => c.clusterId))];
    const known = await this.repo.existingClusterIds(ids);
    const unknown = ids.filter((id) => !known.includes(id));
    if (unknown.length) throw new AppError('NOT_FOUND', `Cluster not found: ${unknown.join(', ')}`);
    await this.ensureActiveKey();
    const passwords: Record<string, string> = {};
    for (const c of body.clusters) passwords[c.clusterId] = (c.password ?? body.password)!;
    const job = await this.jobs.create({
      type: 'ssh-keys.push-bulk',
      companyId: null,
      actorId: actor.userId,
      params: { clusterIds: ids },
      message: `Push the platform key to ${ids.length} cluster(s)`,
    });
    await this.redis.client.set(
      this.pushSecretKey(job.id),
      this.cipher.encrypt(JSON.stringify(passwords), PUSH_SECRET_CONTEXT),
      'EX',
      PUSH_SECRET_TTL_SEC,
    );
    await this.activity.record({
      action: 'ssh-keys.push-bulk',
      actor,
      resourceType: 'job',
      resourceId: job.id,
      details: { clusterIds: ids },
    });
    return this.jobs.enqueue(job, [`queued: ${ids.length} cluster(s)`]);
  }

  private pushSecretKey(jobId: string) {
    return this.redis.key('ssh-push', jobId);
  }

  /** Worker: bulk push job. */
  async runBulkPush(ctx: JobRunContext<'ssh-keys.push-bulk'>): Promise<{ nodes: SshNodeResult[] }> {
    const { clusterIds } = ctx.params;
    const raw = await this.redis.client.getdel(this.pushSecretKey(ctx.job.id));
    if (!raw)
      throw new Error(
        'the one-time passwords are gone (expired or already used); start the push again',
      );
    const passwords = JSON.parse(this.cipher.decrypt(raw, PUSH_SECRET_CONTEXT)) as Record<
      string,
      string
    >;
    const key = await this.ensureActiveKey();
    const all: NodeTargetRow[] = [];
    for (const id of clusterIds) all.push(...(await this.repo.nodes({ clusterId: id })));
    let done = 0;
    const nodes = await mapLimit(all, NODE_CONCURRENCY, async (n) => {
      const r = await this.pushNode(n, passwords[n.clusterId], key);
      done++;
      await ctx.progress((done / all.length) * 100, `${done}/${all.length} nodes`, [
        `${n.clusterName}/${n.name}: ${r.ok ? 'ok' : r.error}`,
      ]);
      return r;
    });
    return { nodes };
  }

  // --- test / health -----------------------------------------------------------------------

  /** Which usable platform keys this node accepts. */
  private async checkNode(n: NodeTargetRow, keys: SshKeyRow[]): Promise<SshNodeResult> {
    const target = this.target(n);
    const accepted: string[] = [];
    let latencyMs: number | undefined;
    let error: string | undefined;
    for (const key of keys) {
      const r = await tryKeyLogin(target, this.privateKeyOf(key), undefined, this.pinner(n));
      if (r.ok) {
        accepted.push(key.id);
        latencyMs ??= r.latencyMs;
      } else if (key.status === 'active' || !error) {
        error = r.error;
      }
      // Unreachable hosts fail the same way for every key: do not wait for each.
      if (!r.ok && !/key not accepted/.test(r.error)) break;
    }
    const active = keys.find((k) => k.status === 'active');
    const acceptsActive = !!active && accepted.includes(active.id);
    const shownError = acceptsActive ? undefined : (error ?? 'active key not accepted');
    await this.recordHealth(n, {
      accepted,
      active: active?.id ?? null,
      latencyMs: latencyMs ?? null,
      error: shownError ?? null,
      at: new Date(),
    });
    return {
      ...this.base(n),
      ok: acceptsActive,
      acceptedKeyIds: accepted,
      latencyMs,
      error: shownError,
    };
  }

  async test(clusterId: string, names?: string[]): Promise<SshNodeResult[]> {
    const nodes = await this.clusterNodes(clusterId, names);
    await this.ensureActiveKey();
    const keys = await this.repo.usableKeys();
    return mapLimit(nodes, NODE_CONCURRENCY, (n) => this.checkNode(n, keys));
  }

  /** Scheduled: every node's key login; alerts on a node that stopped accepting the active key. */
  async checkAll(): Promise<{ nodes: number; failing: number }> {
    const keys = await this.repo.usableKeys();
    if (!keys.length) return { nodes: 0, failing: 0 };
    const nodes = await this.repo.nodes();
    const results = await mapLimit(nodes, NODE_CONCURRENCY, (n) => this.checkNode(n, keys));
    return { nodes: nodes.length, failing: results.filter((r) => !r.ok).length };
  }

  private async recordHealth(
    n: NodeTargetRow,
    h: {
      accepted: string[];
      active: string | null;
      latencyMs: number | null;
      error: string | null;
      at: Date;
    },
  ): Promise<void> {
    const acceptsActive = !!h.active && h.accepted.includes(h.active);
    const before = await this.repo.writeHealth(n.id, {
      acceptedKeyIds: h.accepted,
      acceptsActive,
      latencyMs: h.latencyMs,
      error: h.error,
      at: h.at,
    });
    if (before === null || before === acceptsActive) return;
    const payload: SshKeyHealthEvent = {
      clusterId: n.clusterId,
      clusterName: n.clusterName,
      node: n.name,
      acceptsActive,
      error: h.error,
    };
    await this.events
      .publish({ type: SSH_KEY_HEALTH_EVENT, companyId: null, payload })
      .catch((err: Error) => this.logger.warn(`could not publish key health: ${err.message}`));
    await this.activity.record({
      action: acceptsActive ? 'ssh-keys.health-restored' : 'ssh-keys.health-lost',
      result: acceptsActive ? 'success' : 'failure',
      resourceType: 'cluster',
      resourceId: n.clusterId,
      details: { node: n.name, error: h.error },
    });
    if (!acceptsActive) {
      this.logger.warn(
        `node ${n.clusterName}/${n.name} no longer accepts the active SSH key: ${h.error}`,
      );
    }
  }

  // --- rotation ----------------------------------------------------------------------------

  async startRotate(actor: Principal): Promise<JobDto> {
    for (const job of await this.jobs.active(['ssh-keys.rotate'])) {
      // A row BullMQ no longer holds (Redis flushed) would block rotation forever: close it.
      const state = await this.jobs.queueState(job);
      if (state !== 'unknown' && state !== 'completed' && state !== 'failed') {
        throw new AppError('CONFLICT', 'A key rotation is already running');
      }
      await this.jobs.update(
        job.id,
        { status: 'failed', finishedAt: new Date(), error: 'lost by the queue; superseded' },
        ['lost by the queue; a new rotation was started'],
      );
    }
    await this.ensureActiveKey();
    const job = await this.jobs.create({
      type: 'ssh-keys.rotate',
      companyId: null,
      actorId: actor.userId,
      params: {},
      message: 'Rotate the platform SSH key',
    });
    await this.activity.record({
      action: 'ssh-keys.rotate',
      actor,
      resourceType: 'job',
      resourceId: job.id,
    });
    return this.jobs.enqueue(job, ['queued']);
  }

  /**
   * Worker: add the new key with a key the node already accepts, prove the new key logs in, only
   * then remove the old keys. A node failing any step keeps its old key, which stays "retiring".
   */
  async runRotate(
    ctx: JobRunContext<'ssh-keys.rotate'>,
  ): Promise<{ newKeyId: string; retiredKeyIds: string[]; nodes: SshNodeResult[] }> {
    const state = ctx.state as { newKeyId?: string; oldKeyIds?: string[] };
    let newKey: SshKeyRow;
    let oldKeys: SshKeyRow[];
    if (state.newKeyId) {
      const usable = await this.repo.usableKeys();
      newKey = usable.find((k) => k.id === state.newKeyId)!;
      oldKeys = usable.filter((k) => state.oldKeyIds?.includes(k.id));
      if (!newKey) throw new Error('the key made by this rotation is no longer usable');
    } else {
      await this.ensureActiveKey();
      oldKeys = await this.repo.usableKeys();
      newKey = await this.repo.activate(this.newKeyData());
      state.newKeyId = newKey.id;
      state.oldKeyIds = oldKeys.map((k) => k.id);
      await ctx.save([`new key ${newKey.fingerprint}`]);
    }
    const nodes = await this.repo.nodes();
    let done = 0;
    const results = await mapLimit(nodes, NODE_CONCURRENCY, async (n) => {
      const r = await this.rotateNode(n, newKey, oldKeys);
      done++;
      await ctx.progress(
        (done / Math.max(1, nodes.length)) * 100,
        `${done}/${nodes.length} nodes`,
        [
          `${n.clusterName}/${n.name}: ${r.ok ? 'rotated' : r.skipped ? r.error : `kept the old key: ${r.error}`}`,
        ],
      );
      return r;
    });
    const retiredKeyIds = results.every((r) => r.ok || r.skipped) ? oldKeys.map((k) => k.id) : [];
    await this.repo.retire(retiredKeyIds, new Date());
    if (!retiredKeyIds.length && oldKeys.length) {
      await ctx.log([
        `old key(s) stay "retiring": ${results.filter((r) => !r.ok && !r.skipped).length} node(s) failed`,
      ]);
    }
    return { newKeyId: newKey.id, retiredKeyIds, nodes: results };
  }

  private async rotateNode(
    n: NodeTargetRow,
    newKey: SshKeyRow,
    oldKeys: SshKeyRow[],
  ): Promise<SshNodeResult> {
    const target = this.target(n);
    const newPrivate = this.privateKeyOf(newKey);
    const base = this.base(n);
    const fail = async (error: string, accepted: string[]): Promise<SshNodeResult> => {
      await this.recordHealth(n, {
        accepted,
        active: newKey.id,
        latencyMs: null,
        error,
        at: new Date(),
      });
      return { ...base, ok: false, acceptedKeyIds: accepted, error };
    };
    // 1. Add the new key through any old key the node accepts (no password needed).
    let via: SshKeyRow | undefined;
    let lastError = 'no platform key accepted (push the key with a password first)';
    for (const old of oldKeys) {
      try {
        await withSsh(
          target,
          { privateKey: this.privateKeyOf(old) },
          (ssh) => run(ssh, addKeyScript(newKey.publicKey)),
          undefined,
          this.pinner(n),
        );
        via = old;
        break;
      } catch (err) {
        lastError = errText(err);
        if (!(err instanceof SshError) || !/key not accepted/.test(err.message)) break;
      }
    }
    if (!via) {
      if (!n.health?.lastOkAt) {
        return {
          ...base,
          ok: false,
          skipped: true,
          acceptedKeyIds: [],
          error: `skipped, no platform key was ever installed: ${lastError}`,
        };
      }
      return fail(lastError, []);
    }
    // 2. The new key must log in before anything is removed.
    const check = await tryKeyLogin(target, newPrivate);
    if (!check.ok) return fail(`new key does not log in: ${check.error}`, [via.id]);
    // 3. Remove the old keys, connected with the new one.
    try {
      await withSsh(target, { privateKey: newPrivate }, (ssh) =>
        run(ssh, removeKeysScript(oldKeys.map((k) => k.publicKey))),
      );
    } catch (err) {
      return fail(`old key could not be removed: ${errText(err)}`, [newKey.id, via.id]);
    }
    const after = await tryKeyLogin(target, newPrivate);
    if (!after.ok) return fail(`new key stopped working: ${after.error}`, []);
    await this.recordHealth(n, {
      accepted: [newKey.id],
      active: newKey.id,
      latencyMs: after.latencyMs,
      error: null,
      at: new Date(),
    });
    return { ...base, ok: true, acceptedKeyIds: [newKey.id], latencyMs: after.latencyMs };
  }
}
