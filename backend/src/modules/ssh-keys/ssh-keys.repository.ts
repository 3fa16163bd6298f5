import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { Prisma, SshKey } from '../../generated/prisma/client';

export type SshKeyRow = SshKey;

export interface NodeTargetRow {
  id: string;
  name: string;
  clusterId: string;
  clusterName: string;
  sshUser: string;
  sshHost: string | null;
  sshPort: number | null;
  sshHostKey: string | null;
  health: {
    acceptedKeyIds: string[];
    acceptsActive: boolean;
    latencyMs: number | null;
    lastCheckAt: Date;
    lastOkAt: Date | null;
    lastError: string | null;
  } | null;
}

export interface HealthWrite {
  acceptedKeyIds: string[];
  acceptsActive: boolean;
  latencyMs: number | null;
  error: string | null;
  at: Date;
}

// SSH keys, node SSH targets and key health. SSH routes are platform-wide (super_admin), so no scope.
@Injectable()
export class SshKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  keys(): Promise<SshKeyRow[]> {
    return this.prisma.sshKey.findMany({ orderBy: { createdAt: 'desc' } });
  }

  /** Keys that may still be installed on nodes: active first, then retiring. */
  usableKeys(): Promise<SshKeyRow[]> {
    return this.prisma.sshKey.findMany({
      where: { status: { in: ['active', 'retiring'] } },
      orderBy: [{ status: 'asc' }, { createdAt: 'desc' }],
    });
  }

  active(): Promise<SshKeyRow | null> {
    return this.prisma.sshKey.findFirst({
      where: { status: 'active' },
      orderBy: { createdAt: 'desc' },
    });
  }

  /** Inserts the first key unless another request won the race (then returns that one). */
  async createFirst(data: Prisma.SshKeyCreateInput): Promise<SshKeyRow> {
    return this.prisma.$transaction(async (tx) => {
      // No row to lock yet: a named lock (per database) serialises concurrent first uses.
      await tx.$queryRaw`SELECT GET_LOCK(CONCAT(DATABASE(), ':ssh-key'), 10) AS l`;
      try {
        const existing = await tx.sshKey.findFirst({ where: { status: 'active' } });
        return existing ?? (await tx.sshKey.create({ data }));
      } finally {
        await tx.$queryRaw`SELECT RELEASE_LOCK(CONCAT(DATABASE(), ':ssh-key')) AS l`;
      }
    });
  }

  /** New key becomes active; every other usable key becomes retiring until removed from nodes. */
  async activate(data: Prisma.SshKeyCreateInput): Promise<SshKeyRow> {
    return this.prisma.$transaction(async (tx) => {
      await tx.sshKey.updateMany({ where: { status: 'active' }, data: { status: 'retiring' } });
      return tx.sshKey.create({ data: { ...data, status: 'active' } });
    });
  }

  async retire(ids: string[], at: Date): Promise<void> {
    if (!ids.length) return;
    await this.prisma.sshKey.updateMany({
      where: { id: { in: ids }, status: 'retiring' },
      data: { status: 'retired', retiredAt: at },
    });
  }

  async clusterExists(clusterId: string): Promise<{ id: string; name: string } | null> {
    return this.prisma.cluster.findUnique({
      where: { id: clusterId },
      select: { id: true, name: true },
    });
  }

  async existingClusterIds(ids: string[]): Promise<string[]> {
    const rows = await this.prisma.cluster.findMany({
      where: { id: { in: ids } },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  /** Present (not gone) nodes with their SSH target; optionally one cluster / named nodes. */
  async nodes(filter: { clusterId?: string; names?: string[] } = {}): Promise<NodeTargetRow[]> {
    const rows = await this.prisma.clusterNode.findMany({
      where: {
        goneAt: null,
        ...(filter.clusterId ? { clusterId: filter.clusterId } : {}),
        ...(filter.names ? { name: { in: filter.names } } : {}),
      },
      include: { cluster: { select: { name: true, sshUser: true } }, sshHealth: true },
      orderBy: [{ cluster: { name: 'asc' } }, { name: 'asc' }],
    });
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      clusterId: r.clusterId,
      clusterName: r.cluster.name,
      sshUser: r.cluster.sshUser,
      sshHost: r.sshHost,
      sshPort: r.sshPort,
      sshHostKey: r.sshHostKey,
      health: r.sshHealth
        ? {
            acceptedKeyIds: (r.sshHealth.acceptedKeyIds as string[]) ?? [],
            acceptsActive: r.sshHealth.acceptsActive,
            latencyMs: r.sshHealth.latencyMs,
            lastCheckAt: r.sshHealth.lastCheckAt,
            lastOkAt: r.sshHealth.lastOkAt,
            lastError: r.sshHealth.lastError,
          }
        : null,
    }));
  }

  async setTarget(clusterId: string, node: string, host: string | null, port: number | null) {
    const r = await this.prisma.clusterNode.updateMany({
      where: { clusterId, name: node, goneAt: null },
      // A new target (or the same one saved again after a reinstall) is pinned afresh.
      data: { sshHost: host, sshPort: port, sshHostKey: null },
    });
    return r.count > 0;
  }

  /** Pins the first host key seen; never overwrites a pinned one. */
  async pinHostKey(nodeId: string, fingerprint: string): Promise<void> {
    await this.prisma.clusterNode.updateMany({
      where: { id: nodeId, sshHostKey: null },
      data: { sshHostKey: fingerprint },
    });
  }

  async setUser(clusterId: string, user: string): Promise<boolean> {
    const r = await this.prisma.cluster.updateMany({
      where: { id: clusterId },
      data: { sshUser: user },
    });
    return r.count > 0;
  }

  /** Stores a check; returns the previous acceptsActive (null when never checked). */
  async writeHealth(nodeId: string, h: HealthWrite): Promise<boolean | null> {
    const prev = await this.prisma.sshNodeHealth.findUnique({
      where: { clusterNodeId: nodeId },
      select: { acceptsActive: true },
    });
    const ok = h.acceptedKeyIds.length > 0;
    const data = {
      acceptedKeyIds: h.acceptedKeyIds,
      acceptsActive: h.acceptsActive,
      latencyMs: h.latencyMs,
      lastCheckAt: h.at,
      lastError: h.error,
      ...(ok ? { lastOkAt: h.at } : {}),
    };
    await this.prisma.sshNodeHealth.upsert({
      where: { clusterNodeId: nodeId },
      create: { clusterNodeId: nodeId, ...data },
      update: data,
    });
    return prev ? prev.acceptsActive : null;
  }
}
