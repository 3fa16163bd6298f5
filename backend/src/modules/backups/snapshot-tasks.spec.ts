import { snapshotsToPrune } from './snapshot-tasks.service';

describe('snapshotsToPrune', () => {
  const now = Date.UTC(2026, 11, 6, 12, 0, 0);
  const at = (h: number) => Math.floor((now - h * 3_600_000) / 1000);
  const snaps = [
    { name: 'auto_aaaa0001_20261206110000', snaptime: at(1) },
    { name: 'auto_aaaa0001_20261206100000', snaptime: at(2) },
    { name: 'auto_aaaa0001_20261206090000', snaptime: at(3) },
    { name: 'auto_aaaa0001_20261206080000' }, // no snaptime: the name's time (4 h ago)
    { name: 'auto_bbbb0002_20261206070000', snaptime: at(5) },
    { name: 'before_upgrade', snaptime: at(48) },
    { name: 'current' },
  ];
  const rule = { tag: 'aaaa0001', keep: 'auto_aaaa0001_20261206110000' };

  it('keeps the N newest of the schedule’s own snapshots, nothing else is touched', () => {
    expect(snapshotsToPrune(snaps, { ...rule, keepLast: 2, maxAgeHours: null }, now)).toEqual([
      'auto_aaaa0001_20261206090000',
      'auto_aaaa0001_20261206080000',
    ]);
    expect(snapshotsToPrune(snaps, { ...rule, keepLast: 10, maxAgeHours: null }, now)).toEqual([]);
  });

  it('also drops its snapshots older than the max age, never the one just taken', () => {
    expect(snapshotsToPrune(snaps, { ...rule, keepLast: 10, maxAgeHours: 2.5 }, now)).toEqual([
      'auto_aaaa0001_20261206090000',
      'auto_aaaa0001_20261206080000',
    ]);
    expect(
      snapshotsToPrune(snaps, { ...rule, keepLast: 1, maxAgeHours: 0 }, now + 3_600_000),
    ).toEqual([
      'auto_aaaa0001_20261206100000',
      'auto_aaaa0001_20261206090000',
      'auto_aaaa0001_20261206080000',
    ]);
  });
});
