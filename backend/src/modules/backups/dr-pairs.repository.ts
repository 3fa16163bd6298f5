import { Injectable } from '@nestjs/common';
import { companyWhere, type Scope } from '../../common/auth/scope';
import { PrismaService } from '../../common/prisma/prisma.service';
import type { DrGuest, DrPair, Prisma } from '../../generated/prisma/client';

export type DrPairWithGuests = DrPair & { guests: DrGuest[] };

/** DR pairs and their guests: every read by a caller takes its scope first. */
@Injectable()
export class DrPairsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async page(
    scope: Scope,
    filter: { companyId?: string },
    skip: number,
    take: number,
  ): Promise<[DrPairWithGuests[], number]> {
    const where: Prisma.DrPairWhereInput = {
      AND: [companyWhere(scope), filter.companyId ? { companyId: filter.companyId } : {}],
    };
    return Promise.all([
      this.prisma.drPair.findMany({
        where,
        include: { guests: true },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        skip,
        take,
      }),
      this.prisma.drPair.count({ where }),
    ]);
  }

  find(scope: Scope, id: string): Promise<DrPairWithGuests | null> {
    return this.prisma.drPair.findFirst({
      where: { id, ...companyWhere(scope) },
      include: { guests: { orderBy: { createdAt: 'asc' } } },
    });
  }

  /** Worker: a pair and one of its guests, by id (no caller). */
  async forJob(
    pairId: string,
    drGuestId: string,
  ): Promise<{ pair: DrPair; guest: DrGuest } | null> {
    const guest = await this.prisma.drGuest.findFirst({ where: { id: drGuestId, pairId } });
    if (!guest) return null;
    const pair = await this.prisma.drPair.findUnique({ where: { id: pairId } });
    return pair ? { pair, guest } : null;
  }

  create(data: Prisma.DrPairUncheckedCreateInput, guestIds: string[]): Promise<DrPairWithGuests> {
    return this.prisma.drPair.create({
      data: {
        ...data,
        guests: { create: guestIds.map((guestId) => ({ guestId, companyId: data.companyId })) },
      },
      include: { guests: true },
    });
  }

  /** Changes the pair; `guestIds` (when given) replaces its guests, keeping the state of those staying. */
  async update(
    scope: Scope,
    id: string,
    data: Prisma.DrPairUpdateInput,
    guestIds?: string[],
  ): Promise<DrPairWithGuests | null> {
    const ok = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.drPair.updateMany({
        where: { id, ...companyWhere(scope) },
        data,
      });
      if (count !== 1) return false;
      if (guestIds) {
        const pair = await tx.drPair.findUniqueOrThrow({ where: { id } });
        await tx.drGuest.deleteMany({ where: { pairId: id, guestId: { notIn: guestIds } } });
        await tx.drGuest.createMany({
          data: guestIds.map((guestId) => ({ pairId: id, guestId, companyId: pair.companyId })),
          skipDuplicates: true,
        });
      }
      return true;
    });
    return ok ? this.find(scope, id) : null;
  }

  async remove(scope: Scope, id: string): Promise<boolean> {
    const { count } = await this.prisma.drPair.deleteMany({
      where: { id, ...companyWhere(scope) },
    });
    return count === 1;
  }

  /** Worker: enabled pairs whose next sync is due. */
  due(now: Date, take: number): Promise<DrPairWithGuests[]> {
    return this.prisma.drPair.findMany({
      where: { enabled: true, nextSyncAt: { lte: now } },
      include: { guests: true },
      orderBy: { nextSyncAt: 'asc' },
      take,
    });
  }

  /** Moves the pair on only if nobody else did (compare-and-set on nextSyncAt). */
  async advance(id: string, from: Date, next: Date, at: Date): Promise<boolean> {
    const { count } = await this.prisma.drPair.updateMany({
      where: { id, nextSyncAt: from },
      data: { nextSyncAt: next, lastSyncAt: at },
    });
    return count === 1;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.prisma.drPair.updateMany({ where: { id }, data: { lastSyncAt: at } });
  }

  /** Marks guests queued with their job, unless one is already queued or running. */
  async queue(ids: Array<{ id: string; jobId: string }>): Promise<string[]> {
    const queued: string[] = [];
    for (const { id, jobId } of ids) {
      const { count } = await this.prisma.drGuest.updateMany({
        where: { id, status: { notIn: ['queued', 'running'] } },
        data: { status: 'queued', jobId },
      });
      if (count === 1) queued.push(id);
    }
    return queued;
  }

  updateGuest(id: string, data: Prisma.DrGuestUpdateInput): Promise<DrGuest> {
    return this.prisma.drGuest.update({ where: { id }, data });
  }

  /** Finish time of the guest's newest successful backup by the platform (any schedule or now). */
  async newestBackupAt(guestId: string): Promise<Date | null> {
    const r = await this.prisma.backupResult.findFirst({
      where: { guestId, status: 'succeeded' },
      orderBy: { finishedAt: 'desc' },
      select: { finishedAt: true },
    });
    return r?.finishedAt ?? null;
  }

  /**
   * Worker: guests of enabled pairs that are stale and not yet mailed about. `before` is the newest
   * recovery point that still counts as stale for each pair, so the check runs in SQL per pair.
   */
  async staleUnnotified(now: Date, take: number) {
    const pairs = await this.prisma.drPair.findMany({
      where: { enabled: true, guests: { some: { staleNotifiedAt: null } } },
      select: { id: true, staleAfterHours: true },
      take: 500,
    });
    const out: DrGuest[] = [];
    for (const p of pairs) {
      const limit = new Date(now.getTime() - p.staleAfterHours * 3_600_000);
      out.push(
        ...(await this.prisma.drGuest.findMany({
          where: {
            pairId: p.id,
            staleNotifiedAt: null,
            failedOverAt: null,
            OR: [
              { recoveryPointAt: { lt: limit } },
              { recoveryPointAt: null, createdAt: { lt: limit } },
            ],
          },
          take,
        })),
      );
      if (out.length >= take) break;
    }
    return out.slice(0, take);
  }

  /** Claims the stale mail of a guest (one winner, one mail per stale spell). */
  async claimStaleMail(id: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.drGuest.updateMany({
      where: { id, staleNotifiedAt: null },
      data: { staleNotifiedAt: at },
    });
    return count === 1;
  }

  /** A DR guest for its mail: its pair, company and target cluster names. */
  async drGuestForMail(id: string) {
    const g = await this.prisma.drGuest.findUnique({ where: { id }, include: { pair: true } });
    if (!g) return null;
    const [company, target] = await Promise.all([
      this.prisma.company.findUnique({ where: { id: g.companyId }, select: { name: true } }),
      this.prisma.cluster.findUnique({
        where: { id: g.pair.targetClusterId },
        select: { name: true },
      }),
    ]);
    return {
      ...g,
      company: company?.name ?? 'the company',
      targetCluster: target?.name ?? g.pair.targetClusterId,
    };
  }
}
