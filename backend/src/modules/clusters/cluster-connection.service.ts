import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { ClusterCredentialsInput } from '@multpanel/contracts';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { ProxmoxApi, type ProxmoxAuth, type ProxmoxClientOptions } from '../../common/proxmox';
import type { ClusterRow } from './clusters.repository';

export const CLUSTER_SECRET_CONTEXT = 'cluster.secret';

export interface ConnectionSettings {
  endpoints: Array<{ url: string; fingerprint?: string }>;
  credentials: ClusterCredentialsInput;
  fingerprint?: string | null;
  caPem?: string | null;
  label?: string;
}

/** Test hook: contract tests install an `onRequest` checker on every client built here. */
export type ClientOptionsDecorator = (opts: ProxmoxClientOptions) => ProxmoxClientOptions;

export function toProxmoxAuth(c: ClusterCredentialsInput): ProxmoxAuth {
  return c.type === 'token'
    ? { type: 'token', tokenId: c.tokenId, secret: c.secret }
    : { type: 'password', username: c.username, password: c.password };
}

/**
 * Builds (and caches per cluster version) Proxmox clients. The cache keeps kept-alive sockets and
 * tickets across jobs; an edited cluster gets a fresh client because `updatedAt` changes.
 */
@Injectable()
export class ClusterConnectionService implements OnModuleDestroy {
  private readonly cache = new Map<string, { stamp: number; api: ProxmoxApi }>();
  private decorate: ClientOptionsDecorator = (o) => o;

  constructor(private readonly cipher: SecretsCipher) {}

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

  forCluster(row: ClusterRow, overrides: Partial<ProxmoxClientOptions> = {}): ProxmoxApi {
    const stamp = row.updatedAt.getTime();
    const hasOverrides = Object.keys(overrides).length > 0;
    const cached = this.cache.get(row.id);
    if (!hasOverrides && cached && cached.stamp === stamp) return cached.api;
    const api = this.build(
      {
        endpoints: row.endpoints as ConnectionSettings['endpoints'],
        credentials: this.credentialsOf(row),
        fingerprint: row.fingerprint,
        caPem: row.caPem,
        label: row.name,
      },
      overrides,
    );
    if (hasOverrides) return api;
    cached?.api.close();
    this.cache.set(row.id, { stamp, api });
    return api;
  }

  /** A throwaway client for settings not saved yet (the add-cluster wizard's test). */
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
    this.cache.get(clusterId)?.api.close();
    this.cache.delete(clusterId);
  }

  dropAll(): void {
    for (const { api } of this.cache.values()) api.close();
    this.cache.clear();
  }

  onModuleDestroy(): void {
    this.dropAll();
  }
}
