import type { TicketPriority, TicketStatus } from '@multpanel/contracts';

/**
 * SLA clock: how much business time a ticket has used, with the clock paused while the ticket waits
 * on the customer (or is resolved/closed). Pure: the caller passes the status history and calendar.
 */

export interface BusinessHours {
  /** IANA-free: minutes are in the calendar's own offset from UTC (e.g. +60 for CET). */
  utcOffsetMinutes: number;
  /** Per weekday (0 = Sunday … 6 = Saturday): [startMinute, endMinute) of the working day, or null. */
  days: ReadonlyArray<readonly [number, number] | null>;
  /** Whole days off, as YYYY-MM-DD in the calendar's local time. */
  holidays?: readonly string[];
}

export interface StatusChange {
  at: Date;
  /** Whether the SLA clock runs in the status entered here. */
  running: boolean;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Business milliseconds between `from` and `to` under `hours`. */
export function businessMs(from: Date, to: Date, hours: BusinessHours): number {
  if (to <= from) return 0;
  const offset = hours.utcOffsetMinutes * MINUTE;
  const holidays = new Set(hours.holidays ?? []);
  const start = from.getTime() + offset;
  const end = to.getTime() + offset;
  let total = 0;
  for (let day = Math.floor(start / DAY) * DAY; day < end; day += DAY) {
    const date = new Date(day);
    const window = hours.days[date.getUTCDay()];
    if (!window || holidays.has(date.toISOString().slice(0, 10))) continue;
    const open = day + window[0] * MINUTE;
    const close = day + window[1] * MINUTE;
    total += Math.max(0, Math.min(close, end) - Math.max(open, start));
  }
  return total;
}

/** Business time the clock ran from `changes[0]` (the ticket's creation) until `now`. */
export function slaElapsedMs(
  changes: readonly StatusChange[],
  now: Date,
  hours: BusinessHours,
): number {
  let total = 0;
  changes.forEach((c, i) => {
    if (!c.running) return;
    const until = changes[i + 1]?.at ?? now;
    total += businessMs(c.at, until < now ? until : now, hours);
  });
  return total;
}

/** When a target of `targetMs` business time is breached, given the clock runs from `from` on. */
export function breachAt(
  from: Date,
  usedMs: number,
  targetMs: number,
  hours: BusinessHours,
): Date | null {
  let left = targetMs - usedMs;
  if (left <= 0) return from;
  const offset = hours.utcOffsetMinutes * MINUTE;
  const holidays = new Set(hours.holidays ?? []);
  const start = from.getTime() + offset;
  // At most a year ahead: a calendar with no working time never breaches.
  for (let day = Math.floor(start / DAY) * DAY, n = 0; n < 366; day += DAY, n++) {
    const date = new Date(day);
    const window = hours.days[date.getUTCDay()];
    if (!window || holidays.has(date.toISOString().slice(0, 10))) continue;
    const open = Math.max(day + window[0] * MINUTE, start);
    const close = day + window[1] * MINUTE;
    if (close <= open) continue;
    if (close - open >= left) return new Date(open + left - offset);
    left -= close - open;
  }
  return null;
}

/** Whether the SLA clock runs while a ticket is in a status (it pauses while waiting on the customer). */
export const SLA_CLOCK_RUNS: Record<TicketStatus, boolean> = {
  new: true,
  open: true,
  waiting_msp: true,
  waiting_customer: false,
  resolved: false,
  closed: false,
};

export interface SlaPolicy extends BusinessHours {
  targets: Record<TicketPriority, { firstResponseMinutes: number; resolutionMinutes: number }>;
}

/** A ticket's stored clock: business seconds used until `slaRunningSince`, and its due times. */
export interface SlaClock {
  /** A policy applied at the last change (a paused clock still shows). */
  slaApplies: boolean;
  slaUsedSeconds: number;
  slaRunningSince: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  /** When WARN_FRACTION of each target is used (the assignee is warned once); null while paused. */
  firstResponseWarnAt: Date | null;
  resolutionWarnAt: Date | null;
}

/** The share of a target after which the assignee is warned that the breach is near. */
export const WARN_FRACTION = 0.8;

/**
 * The clock after a ticket changes (status, priority, first response) at `now`: the time run since
 * the last change is banked; a running clock gets due times from what is left of each target, a
 * paused one none (a pause cannot breach). First-response is due only until the first staff reply.
 */
export function advanceSla(
  prev: Pick<SlaClock, 'slaUsedSeconds' | 'slaRunningSince'>,
  next: { status: TicketStatus; priority: TicketPriority; firstResponseAt: Date | null },
  now: Date,
  policy: SlaPolicy | null,
): SlaClock {
  const ran = prev.slaRunningSince && policy ? businessMs(prev.slaRunningSince, now, policy) : 0;
  const usedMs = prev.slaUsedSeconds * 1000 + ran;
  const slaUsedSeconds = Math.floor(usedMs / 1000);
  if (!policy || !SLA_CLOCK_RUNS[next.status]) {
    return {
      slaApplies: policy !== null,
      slaUsedSeconds,
      slaRunningSince: null,
      firstResponseDueAt: null,
      resolutionDueAt: null,
      firstResponseWarnAt: null,
      resolutionWarnAt: null,
    };
  }
  const target = policy.targets[next.priority];
  const used = slaUsedSeconds * 1000;
  const first = target.firstResponseMinutes * MINUTE;
  const resolution = target.resolutionMinutes * MINUTE;
  return {
    slaApplies: true,
    slaUsedSeconds,
    slaRunningSince: now,
    firstResponseDueAt: next.firstResponseAt ? null : breachAt(now, used, first, policy),
    resolutionDueAt: breachAt(now, used, resolution, policy),
    firstResponseWarnAt: next.firstResponseAt
      ? null
      : breachAt(now, used, Math.round(first * WARN_FRACTION), policy),
    resolutionWarnAt: breachAt(now, used, Math.round(resolution * WARN_FRACTION), policy),
  };
}
