import {
  carve,
  freeAfter,
  freeSlice,
  giveBack,
  runsSize,
  type FreeRun,
  type RunChange,
} from './ipam-free-runs';

/** Applies changes to an in-memory list of runs, as the repository does to the table. */
function apply(runs: FreeRun[], changes: RunChange[]): FreeRun[] {
  let out = [...runs];
  for (const c of changes) {
    if (c.op === 'delete') out = out.filter((r) => r.start !== c.start);
    if (c.op === 'update') out = out.map((r) => (r.start === c.start ? c.to : r));
    if (c.op === 'create') out.push(c.to);
  }
  return out.sort((a, b) => (a.start < b.start ? -1 : 1));
}

describe('free runs', () => {
  it('carves the first, last, a middle and the only address of a run', () => {
    expect(carve({ start: 1n, end: 1n }, 1n)).toEqual([{ op: 'delete', start: 1n }]);
    expect(apply([{ start: 1n, end: 10n }], carve({ start: 1n, end: 10n }, 1n))).toEqual([
      { start: 2n, end: 10n },
    ]);
    expect(apply([{ start: 1n, end: 10n }], carve({ start: 1n, end: 10n }, 10n))).toEqual([
      { start: 1n, end: 9n },
    ]);
    expect(apply([{ start: 1n, end: 10n }], carve({ start: 1n, end: 10n }, 5n))).toEqual([
      { start: 1n, end: 4n },
      { start: 6n, end: 10n },
    ]);
    expect(() => carve({ start: 1n, end: 2n }, 3n)).toThrow(RangeError);
  });

  it('gives addresses back, merging with the neighbours, and refuses a double free', () => {
    const runs = [
      { start: 1n, end: 4n },
      { start: 6n, end: 10n },
    ];
    expect(apply(runs, giveBack(runs[0], runs[1], 5n))).toEqual([{ start: 1n, end: 10n }]);
    expect(apply([{ start: 1n, end: 3n }], giveBack({ start: 1n, end: 3n }, null, 4n))).toEqual([
      { start: 1n, end: 4n },
    ]);
    expect(apply([{ start: 6n, end: 9n }], giveBack(null, { start: 6n, end: 9n }, 5n))).toEqual([
      { start: 5n, end: 9n },
    ]);
    expect(apply([], giveBack(null, null, 7n))).toEqual([{ start: 7n, end: 7n }]);
    expect(() => giveBack({ start: 1n, end: 5n }, null, 5n)).toThrow(RangeError);
  });

  it('round-trips: carving every address then giving all back leaves one run', () => {
    let runs: FreeRun[] = [{ start: 1n, end: 50n }];
    const order = Array.from({ length: 50 }, (_, i) => BigInt(((i * 17) % 50) + 1));
    for (const o of order) {
      const run = runs.find((r) => r.start <= o && o <= r.end)!;
      runs = apply(runs, carve(run, o));
    }
    expect(runs).toEqual([]);
    for (const o of order.reverse()) {
      const before = [...runs].reverse().find((r) => r.start < o) ?? null;
      const after = runs.find((r) => r.start === o + 1n) ?? null;
      runs = apply(runs, giveBack(before, after, o));
    }
    expect(runs).toEqual([{ start: 1n, end: 50n }]);
  });

  it('slices free addresses for a page across runs', () => {
    const runs = [
      { start: 1n, end: 3n },
      { start: 10n, end: 12n },
    ];
    expect(freeSlice(runs, 0n, 4)).toEqual([1n, 2n, 3n, 10n]);
    expect(freeSlice(runs, 4n, 10)).toEqual([11n, 12n]);
    expect(freeSlice(runs, 6n, 10)).toEqual([]);
    expect(runsSize(runs)).toBe(6n);
  });

  it('lists free addresses after a cursor across runs', () => {
    const runs = [
      { start: 1n, end: 3n },
      { start: 10n, end: 12n },
    ];
    expect(freeAfter(runs, 0n, 4)).toEqual([1n, 2n, 3n, 10n]);
    expect(freeAfter(runs, 2n, 2)).toEqual([3n, 10n]);
    expect(freeAfter(runs, 5n, 10)).toEqual([10n, 11n, 12n]);
    expect(freeAfter(runs, 10n, 10)).toEqual([11n, 12n]);
    expect(freeAfter(runs, 12n, 10)).toEqual([]);
  });
});
