import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';

const big = (v: number | null) => (v === null ? null : BigInt(Math.round(v)));

export interface NodeSnapshot {
  name: string;
  status: string;
  maxcpu: number | null;
  maxmem: number | null;
  maxdisk: number | null;
  level: string | null;
}

export interface StorageSnapshot {
  node: string;
  storage: string;
  type: string | null;
  content: string | null;
  shared: boolean;
  status: string | null;
  disk: number | null;
  maxdisk: number | null;
}

@Injectable()
export class InventoryRepository {
  constructor(private readonly prisma: PrismaService) {}

  // Nodes and storages of a cluster (system context: the worker acts for the platform).

  /** Nodes and storages are few per cluster: compare in memory, write what differs. */
  async applyNodes(clusterId: string, nodes: NodeSnapshot[], at: Date): Promise<number> {
    const existing = await this.prisma.clusterNode.findMany({ where: { clusterId } });
    const byName = new Map(existing.map((n) => [n.name, n]));
    let writes = 0;
    for (const n of nodes) {
      const row = byName.get(n.name);
      const data = {
        status: n.status.slice(0, 16),
        maxcpu: n.maxcpu,
        maxmem: big(n.maxmem),
        maxdisk: big(n.maxdisk),
        level: n.level,
        goneAt: null,
      };
      if (!row) {
        await this.prisma.clusterNode.create({ data: { clusterId, name: n.name, ...data } });
        writes++;
      } else if (
        row.status !== data.status ||
        row.maxcpu !== data.maxcpu ||
        row.maxmem !== data.maxmem ||
        row.maxdisk !== data.maxdisk ||
        row.level !== data.level ||
        row.goneAt !== null
      ) {
        await this.prisma.clusterNode.update({ where: { id: row.id }, data });
        writes++;
      }
    }
    const names = new Set(nodes.map((n) => n.name));
    const gone = existing.filter((n) => !names.has(n.name) && n.goneAt === null).map((n) => n.id);
    if (gone.length) {
      await this.prisma.clusterNode.updateMany({
        where: { id: { in: gone } },
        data: { goneAt: at },
      });
      writes += gone.length;
    }
    return writes;
  }

  async applyStorages(clusterId: string, storages: StorageSnapshot[], at: Date): Promise<number> {
    const existing = await this.prisma.clusterStorage.findMany({ where: { clusterId } });
    const key = (node: string, storage: string) => `${node}\u0000${storage}`;
    const byKey = new Map(existing.map((s) => [key(s.node, s.storage), s]));
    let writes = 0;
    for (const s of storages) {
      const row = byKey.get(key(s.node, s.storage));
      const data = {
        type: s.type,
        content: s.content?.slice(0, 191) ?? null,
        shared: s.shared,
        status: s.status,
        disk: big(s.disk),
        maxdisk: big(s.maxdisk),
        goneAt: null,
      };
      if (!row) {
        await this.prisma.clusterStorage.create({
          data: { clusterId, node: s.node, storage: s.storage, ...data },
        });
        writes++;
      } else if (
        row.type !== data.type ||
        row.content !== data.content ||
        row.shared !== data.shared ||
        row.status !== data.status ||
        row.disk !== data.disk ||
        row.maxdisk !== data.maxdisk ||
        row.goneAt !== null
      ) {
        await this.prisma.clusterStorage.update({ where: { id: row.id }, data });
        writes++;
      }
    }
    const keys = new Set(storages.map((s) => key(s.node, s.storage)));
    const gone = existing
      .filter((s) => !keys.has(key(s.node, s.storage)) && s.goneAt === null)
      .map((s) => s.id);
    if (gone.length) {
      await this.prisma.clusterStorage.updateMany({
        where: { id: { in: gone } },
        data: { goneAt: at },
      });
      writes += gone.length;
    }
    return writes;
  }
}
