import { createHash } from 'node:crypto';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { ClusterCredentialsInput, ClusterStatus } from '@multpanel/contracts';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AppError, notFound } from '../../common/errors/app-error';
import { ProxmoxApi, type ProxmoxAuth, type ProxmoxClientOptions } from '../../common/proxmox';
import { RedisService } from '../../common/redis/redis.service';
import { TokenBucket } from '../../common/redis/token-bucket';
import { ClusterRequestBudget, ClusterRequestRates, type CallMode } from './cluster-request-budget';
import { ClustersRepository, type ClusterRow } from './clusters.repository';

export type { CallMode } from './cluster-request-budget';

export const CLUSTER_SECRET_CONTEXT = 'cluster.secret';

export interface ConnectionSettings {
  endpoints: Array<{ url: string; fingerprint?: string }>;
  credentials: ClusterCredentialsInput;
  fingerprint?: string | null;
  caPem?: string | null;
  label?: string;
}

/** A cluster's typed Proxmox API, with the budget of the caller's mode applied to every request. */
export interface ClusterConnection {
  readonly id: string;
  readonly name: string;
  readonly status: ClusterStatus;
  readonly api: ProxmoxApi;
}

/** Test hook: contract tests install an `onRequest` checker on every client built here. */
export type ClientOptionsDecorator = (opts: ProxmoxClientOptions) => ProxmoxClientOptions;

export function toProxmoxAuth(c: ClusterCredentialsInput): ProxmoxAuth {
  return c.type === 'token'
    ? { type: 'token', tokenId: c.tokenId, secret: c.secret }
    : { type: 'password', username: c.username, password: c.password };
}

export const clusterOffline = (name: string) =>
  new AppError('DEPENDENCY_UNAVAILABLE', `Cluster ${name} is offline`, { cluster: name });

/**
 * The one way to reach a cluster: `open(clusterId, mode)`. Clients are cached per cluster and mode
 * (kept-alive sockets and tickets survive between calls); a client is rebuilt only when what it
 * connects with changes (endpoints, credentials, trust, request budget), not on the health and
 * sync writes that touch `updatedAt`. Every request waits for the cluster's budget.
 */
@Injectable()
export class ClusterConnectionService implements OnModuleDestroy {
  private readonly cache = new Map<string, { stamp: string; api: ProxmoxApi }>();
  private decorate: ClientOptionsDecorator = (o) => o;
  private readonly bucket: TokenBucket;
  readonly rates: ClusterRequestRates;

  constructor(
    private readonly cipher: SecretsCipher,
    private readonly repo: ClustersRepository,
    private readonly redis: RedisService,
  ) {
    this.bucket = new TokenBucket(redis.client);
    this.rates = new ClusterRequestRates(redis.client, (...p) => redis.key(...p));
  }

  /**
   * The cluster's connection for `mode`; 404 when the cluster does not exist. Access is the
   * caller's business (common/access `requireCluster`/`requireGuest` first). `whenOffline:
   * 'refuse'` answers 503 at once for a cluster the health check found offline.
   */
  async open(
    clusterId: string,
    mode: CallMode,
    opts: { whenOffline?: 'try' | 'refuse' } = {},
  ): Promise<ClusterConnection> {
    const row = await this.repo.findById(clusterId);
    if (!row) throw notFound('Cluster');
    if (opts.whenOffline === 'refuse' && row.status === 'offline') throw clusterOffline(row.name);
    return { id: row.id, name: row.name, status: row.status, api: this.forRow(row, mode) };
  }

  setClientDecorator(fn: ClientOptionsDecorator): void {
    this.decorate = fn;
    this.dropAll();
  }

  encryptSecret(secret: string): string {
    return this.cipher.encrypt(secret, CLUSTER_SECRET_CONTEXT);
  }

  credentialsOf(
    row: Pick<ClusterRow, 'authType' | 'authUser' | 'secret'>,
  ): ClusterCredentialsInput {
    const secret = this.cipher.decrypt(row.secret, CLUSTER_SECRET_CONTEXT);
    return row.authType === 'password'
      ? { type: 'password', username: row.authUser, password: secret }
      : { type: 'token', tokenId: row.authUser, secret };
  }

  /**
   * Within the clusters module: a row already loaded. With overrides the client is not cached and
   * the caller closes it.
   */
  forRow(
    row: ClusterRow,
    mode: CallMode,
    overrides: Partial<ProxmoxClientOptions> = {},
  ): ProxmoxApi {
    const stamp = connectionStamp(row);
    const hasOverrides = Object.keys(overrides).length > 0;
    const key = `${row.id}:${mode}`;
    const cached = this.cache.get(key);
    if (!hasOverrides && cached && cached.stamp === stamp) return cached.api;
    const budget = new ClusterRequestBudget(
      { bucket: this.bucket, rates: this.rates, key: (...p) => this.redis.key(...p) },
      { id: row.id, name: row.name },
      { ratePerSec: row.requestRatePerSec, burst: row.requestBurst },
      mode,
    );
    const api = this.build(
      {
        endpoints: row.endpoints as ConnectionSettings['endpoints'],
        credentials: this.credentialsOf(row),
        fingerprint: row.fingerprint,
        caPem: row.caPem,
        label: row.name,
      },
      { budget, ...overrides },
    );
    if (hasOverrides) return api;
    cached?.api.close();
    this.cache.set(key, { stamp, api });
    return api;
  }

  /** A throwaway client for settings not saved yet (the add-cluster wizard's test): no budget. */
  build(settings: ConnectionSettings, overrides: Partial<ProxmoxClientOptions> = {}): ProxmoxApi {
    return ProxmoxApi.create(
      this.decorate({
        endpoints: settings.endpoints,
        auth: toProxmoxAuth(settings.credentials),
        fingerprint: settings.fingerprint ?? undefined,
        ca: settings.caPem ?? undefined,
        label: settings.label,
        timeoutMs: 15_000,
        concurrency: 6,
        ...overrides,
      }),
    );
  }

  drop(clusterId: string): void {
    for (const mode of ['interactive', 'background'] as const) {
      this.cache.get(`${clusterId}:${mode}`)?.api.close();
      this.cache.delete(`${clusterId}:${mode}`);
    }
  }

  dropAll(): void {
    for (const { api } of this.cache.values()) api.close();
    this.cache.clear();
  }

  onModuleDestroy(): void {
    this.dropAll();
  }
}

/** What a client is built from; the cache keeps a client while this stays the same. */
export function connectionStamp(
  row: Pick<
    ClusterRow,
    | 'name'
    | 'endpoints'
    | 'authType'
    | 'authUser'
    | 'secret'
    | 'fingerprint'
    | 'caPem'
    | 'requestRatePerSec'
    | 'requestBurst'
  >,
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        row.name,
        row.endpoints,
        row.authType,
        row.authUser,
        row.secret,
        row.fingerprint,
        row.caPem,
        row.requestRatePerSec,
        row.requestBurst,
      ]),
    )
    .digest('base64url');
}
