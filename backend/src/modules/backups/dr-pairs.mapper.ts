import {
  drIsStale,
  type DrGuestDto,
  type DrGuestStatus,
  type DrPairDto,
  type DrPolicy,
} from '@multpanel/contracts';
import type { DrGuest, DrPair } from '../../generated/prisma/client';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A DR guest is stale when its recovery point is too old, unless it was failed over. */
export function drGuestStale(pair: DrPair, g: DrGuest, now: Date): boolean {
  return !g.failedOverAt && drIsStale(g.recoveryPointAt, g.createdAt, pair.staleAfterHours, now);
}

export function toDrGuestDto(
  pair: DrPair,
  g: DrGuest,
  label: { name: string | null; vmid: number } | undefined,
  now: Date,
): DrGuestDto {
  return {
    id: g.id,
    guestId: g.guestId,
    guestName: label?.name ?? null,
    vmid: label?.vmid ?? null,
    status: g.status as DrGuestStatus,
    copyVolid: g.copyVolid,
    recoveryPointAt: iso(g.recoveryPointAt),
    recoveryPointAgeSec: g.recoveryPointAt
      ? Math.max(0, Math.round((now.getTime() - g.recoveryPointAt.getTime()) / 1000))
      : null,
    stale: drGuestStale(pair, g, now),
    standbyVmid: g.standbyVmid,
    standbyGuestId: g.standbyGuestId,
    standbyPointAt: iso(g.standbyPointAt),
    failedOverAt: iso(g.failedOverAt),
    failedBackAt: iso(g.failedBackAt),
    error: g.error,
    lastSyncAt: iso(g.lastSyncAt),
  };
}

export function toDrPairDto(p: DrPair & { guests: DrGuest[] }, now: Date): DrPairDto {
  return {
    id: p.id,
    companyId: p.companyId,
    name: p.name,
    enabled: p.enabled,
    sourceClusterId: p.sourceClusterId,
    sourceStorage: p.sourceStorage,
    targetClusterId: p.targetClusterId,
    targetNode: p.targetNode,
    targetStorage: p.targetStorage,
    policy: p.policy as DrPolicy,
    standbyStorage: p.standbyStorage,
    syncEveryMinutes: p.syncEveryMinutes,
    staleAfterHours: p.staleAfterHours,
    guestIds: p.guests.map((g) => g.guestId),
    staleGuests: p.guests.filter((g) => drGuestStale(p, g, now)).length,
    nextSyncAt: iso(p.nextSyncAt),
    lastSyncAt: iso(p.lastSyncAt),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
