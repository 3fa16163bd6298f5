import type { DrGuest, DrPair } from '../../generated/prisma/client';
import { drGuestStale, toDrGuestDto } from './dr-pairs.mapper';

const H = 3_600_000;
const now = new Date('2026-01-02T12:00:00Z');
const pair = { staleAfterHours: 26 } as DrPair;
const guest = (over: Partial<DrGuest>): DrGuest =>
  ({
    id: 'g',
    guestId: 'vm',
    status: 'ok',
    recoveryPointAt: null,
    createdAt: new Date(now.getTime() - H),
    failedOverAt: null,
    ...over,
  }) as DrGuest;

describe('DR staleness', () => {
  it('a recovery point older than staleAfterHours is stale; a younger one is not', () => {
    expect(
      drGuestStale(pair, guest({ recoveryPointAt: new Date(now.getTime() - 27 * H) }), now),
    ).toBe(true);
    expect(
      drGuestStale(pair, guest({ recoveryPointAt: new Date(now.getTime() - 25 * H) }), now),
    ).toBe(false);
  });

  it('no copy yet: stale only once the guest has been in the pair for staleAfterHours', () => {
    expect(drGuestStale(pair, guest({}), now)).toBe(false);
    expect(drGuestStale(pair, guest({ createdAt: new Date(now.getTime() - 30 * H) }), now)).toBe(
      true,
    );
  });

  it('a failed-over guest is never stale', () => {
    const old = new Date(now.getTime() - 100 * H);
    expect(drGuestStale(pair, guest({ recoveryPointAt: old, failedOverAt: now }), now)).toBe(false);
  });

  it('shows the recovery point age in seconds', () => {
    const dto = toDrGuestDto(
      pair,
      guest({ recoveryPointAt: new Date(now.getTime() - 2 * H) }),
      { name: 'web', vmid: 101 },
      now,
    );
    expect(dto.recoveryPointAgeSec).toBe(7200);
    expect(dto.guestName).toBe('web');
    expect(dto.stale).toBe(false);
  });
});
