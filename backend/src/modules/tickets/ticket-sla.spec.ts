import {
  advanceSla,
  breachAt,
  businessMs,
  slaElapsedMs,
  type BusinessHours,
  type SlaPolicy,
} from './ticket-sla';

// Mon–Fri 09:00–17:00 CET (UTC+1); 2026-12-25 is a holiday.
const hours: BusinessHours = {
  utcOffsetMinutes: 60,
  days: [null, [540, 1020], [540, 1020], [540, 1020], [540, 1020], [540, 1020], null],
  holidays: ['2026-12-25'],
};
const at = (s: string) => new Date(s);
const MIN = 60_000;

describe('ticket SLA clock', () => {
  it('counts only business hours, skipping nights, weekends and holidays', () => {
    // Thu 2026-12-24 16:30 CET → Mon 2026-12-28 09:45 CET: 30 min Thu, Fri holiday, 45 min Mon.
    expect(businessMs(at('2026-12-24T15:30:00Z'), at('2026-12-28T08:45:00Z'), hours)).toBe(
      75 * MIN,
    );
    expect(businessMs(at('2026-12-26T10:00:00Z'), at('2026-12-27T10:00:00Z'), hours)).toBe(0);
  });

  it('pauses while waiting on the customer and breaches a 1-hour first response as computed by hand', () => {
    // Opened Mon 2026-12-07 16:20 CET; waits on the customer 16:40–09:30 next day; runs again.
    const changes = [
      { at: at('2026-12-07T15:20:00Z'), running: true }, // new: 20 min until 16:40
      { at: at('2026-12-07T15:40:00Z'), running: false }, // waiting_customer (paused)
      { at: at('2026-12-08T08:30:00Z'), running: true }, // customer answered at 09:30 Tue
    ];
    // At 10:00 Tue: 20 min Mon + 30 min Tue = 50 min used.
    expect(slaElapsedMs(changes, at('2026-12-08T09:00:00Z'), hours)).toBe(50 * MIN);
    // When the clock restarts at 09:30 Tue, 20 min are used: 40 left → breach at 10:10 CET = 09:10 UTC.
    const used = slaElapsedMs(changes, at('2026-12-08T08:30:00Z'), hours);
    expect(used).toBe(20 * MIN);
    expect(breachAt(at('2026-12-08T08:30:00Z'), used, 60 * MIN, hours)).toEqual(
      at('2026-12-08T09:10:00Z'),
    );
    // Opened Fri 16:30 CET with a 1-hour target: 30 min on Friday, 30 more on Monday → 09:30 CET.
    expect(breachAt(at('2026-12-11T15:30:00Z'), 0, 60 * MIN, hours)).toEqual(
      at('2026-12-14T08:30:00Z'),
    );
  });

  describe('advanceSla (the stored clock)', () => {
    const t = { firstResponseMinutes: 60, resolutionMinutes: 8 * 60 };
    const policy: SlaPolicy = { ...hours, targets: { low: t, normal: t, high: t, urgent: t } };
    const fresh = { slaUsedSeconds: 0, slaRunningSince: null };

    it('pauses while waiting on the customer and moves the due times as computed by hand', () => {
      // Opened Mon 2026-12-07 16:20 CET: first response due 17:00 + 20 min Tue = 09:20 CET.
      const opened = advanceSla(
        fresh,
        { status: 'new', priority: 'normal', firstResponseAt: null },
        at('2026-12-07T15:20:00Z'),
        policy,
      );
      expect(opened.firstResponseDueAt).toEqual(at('2026-12-08T08:20:00Z'));
      // 8 h resolution: 40 min Mon, 7 h 20 min Tue → 16:20 CET Tue.
      expect(opened.resolutionDueAt).toEqual(at('2026-12-08T15:20:00Z'));
      // Warned at 80 %: 48 min of first response = 40 min Mon + 8 min Tue → 09:08 CET Tue;
      // 384 min of resolution = 40 min Mon + 344 min Tue from 09:00 → 14:44 CET Tue.
      expect(opened.firstResponseWarnAt).toEqual(at('2026-12-08T08:08:00Z'));
      expect(opened.resolutionWarnAt).toEqual(at('2026-12-08T13:44:00Z'));
      // Set to waiting on the customer at 16:40: 20 min banked, nothing due while paused.
      const paused = advanceSla(
        opened,
        { status: 'waiting_customer', priority: 'normal', firstResponseAt: null },
        at('2026-12-07T15:40:00Z'),
        policy,
      );
      expect(paused).toEqual({
        slaApplies: true,
        slaUsedSeconds: 20 * 60,
        slaRunningSince: null,
        firstResponseDueAt: null,
        resolutionDueAt: null,
        firstResponseWarnAt: null,
        resolutionWarnAt: null,
      });
      // The customer answers Tue 09:30: 40 min left → first response due 10:10 CET.
      const resumed = advanceSla(
        paused,
        { status: 'waiting_msp', priority: 'normal', firstResponseAt: null },
        at('2026-12-08T08:30:00Z'),
        policy,
      );
      expect(resumed.firstResponseDueAt).toEqual(at('2026-12-08T09:10:00Z'));
      // 7 h 40 min of resolution left: 7 h 30 min Tue (09:30–17:00), 10 min Wed → 09:10 CET Wed.
      expect(resumed.resolutionDueAt).toEqual(at('2026-12-09T08:10:00Z'));
      // 20 min used: warnings at 28 min (09:58 CET) and 364 min (15:34 CET) from 09:30 Tue.
      expect(resumed.firstResponseWarnAt).toEqual(at('2026-12-08T08:58:00Z'));
      expect(resumed.resolutionWarnAt).toEqual(at('2026-12-08T14:34:00Z'));
      // Staff answer at 10:00: no first-response due any more; the resolution clock keeps running.
      const answered = advanceSla(
        resumed,
        { status: 'open', priority: 'normal', firstResponseAt: at('2026-12-08T09:00:00Z') },
        at('2026-12-08T09:00:00Z'),
        policy,
      );
      expect(answered.slaUsedSeconds).toBe(50 * 60);
      expect(answered.firstResponseDueAt).toBeNull();
      expect(answered.firstResponseWarnAt).toBeNull();
      expect(answered.resolutionDueAt).toEqual(at('2026-12-09T08:10:00Z'));
    });

    it('keeps nothing due without a policy', () => {
      expect(
        advanceSla(
          fresh,
          { status: 'new', priority: 'urgent', firstResponseAt: null },
          at('2026-12-07T15:20:00Z'),
          null,
        ),
      ).toEqual({
        ...fresh,
        slaApplies: false,
        firstResponseDueAt: null,
        resolutionDueAt: null,
        firstResponseWarnAt: null,
        resolutionWarnAt: null,
      });
    });
  });
});
