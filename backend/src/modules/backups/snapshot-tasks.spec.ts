import { SnapshotTasksService, snapshotsToPrune } from './snapshot-tasks.service';

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

describe('SnapshotTasksService.run: the prune report', () => {
  const tag = 'aaaa0001';
  const names = ['auto_aaaa0001_20261206090000', 'auto_aaaa0001_20261206080000'];
  const taken = 'auto_aaaa0001_20261206110000';

  /** A guest with the snapshot just taken and two older ones of the schedule (keepLast 1). */
  function setup(refuse: (name: string) => string | null) {
    let left = [taken, ...names];
    const api = {
      snapshots: jest.fn(async () => left.map((name) => ({ name }))),
      deleteSnapshot: jest.fn(),
    };
    const lines: string[] = [];
    const ctx = {
      job: { guestId: 'g1' },
      params: {
        scheduleId: 's1',
        snapshot: taken,
        tag,
        keepLast: 1,
        maxAgeHours: null,
        includeRam: false,
      },
      state: { taken: true },
      signal: new AbortController().signal,
      save: jest.fn(),
      log: jest.fn(async (l: string[]) => void lines.push(...l)),
      progress: jest.fn(async (_p: number, _m?: string, l: string[] = []) => void lines.push(...l)),
      runTask: jest.fn(async (step: string) => {
        const name = step.replace(/^delete /, '');
        const why = refuse(name);
        if (why) throw new Error(why);
        left = left.filter((n) => n !== name);
      }),
    };
    const guests = {
      findById: async () => ({
        clusterId: 'c1',
        node: 'pve1',
        kind: 'qemu',
        activeVmid: 101,
        goneAt: null,
      }),
    };
    const connections = { open: async () => ({ api }) };
    const service = new SnapshotTasksService(guests as never, connections as never);
    return { run: () => service.run(ctx as never), lines, ctx };
  }

  it('lists what it pruned', async () => {
    const { run, lines } = setup(() => null);
    await expect(run()).resolves.toEqual({ snapshot: taken, pruned: names });
    expect(lines).toEqual(names.map((n) => `pruned ${n}`));
  });

  it('a refused deletion names the snapshot and Proxmox’s reason, and the others are still pruned', async () => {
    const { run, lines } = setup((n) =>
      n === names[0] ? 'Proxmox task failed: snapshot is protected' : null,
    );
    await expect(run()).rejects.toThrow(
      `Snapshot ${taken} taken, 1 pruned; could not prune ${names[0]} ` +
        '(Proxmox task failed: snapshot is protected)',
    );
    expect(lines).toEqual([
      `could not prune ${names[0]}: Proxmox task failed: snapshot is protected`,
      `pruned ${names[1]}`,
    ]);
  });
});
