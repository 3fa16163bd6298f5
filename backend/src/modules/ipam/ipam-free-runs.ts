// Free space of a range as runs of consecutive free offsets [start, end] (IpRangeFree rows).
// Taking an address carves it out of its run; freeing one merges it with its neighbours, so the
// runs stay as few as the gaps between allocations and next-free is the first run's start.

export interface FreeRun {
  start: bigint;
  end: bigint;
}

/** What to do to the stored runs; `start` names the row (its key), as it was before the change. */
export type RunChange =
  | { op: 'delete'; start: bigint }
  | { op: 'update'; start: bigint; to: FreeRun }
  | { op: 'create'; to: FreeRun };

/** Carves `offset` (inside `run`) out of it. */
export function carve(run: FreeRun, offset: bigint): RunChange[] {
  if (offset < run.start || offset > run.end) throw new RangeError('offset outside the run');
  if (run.start === run.end) return [{ op: 'delete', start: run.start }];
  if (offset === run.start)
    return [{ op: 'update', start: run.start, to: { start: offset + 1n, end: run.end } }];
  if (offset === run.end)
    return [{ op: 'update', start: run.start, to: { start: run.start, end: offset - 1n } }];
  return [
    { op: 'update', start: run.start, to: { start: run.start, end: offset - 1n } },
    { op: 'create', to: { start: offset + 1n, end: run.end } },
  ];
}

/**
 * Returns `offset` to the free runs, given the run just below it (`before`: the run with the
 * greatest start < offset) and the run starting right after it (`after`: start = offset + 1).
 */
export function giveBack(
  before: FreeRun | null,
  after: FreeRun | null,
  offset: bigint,
): RunChange[] {
  if (before && before.end >= offset) throw new RangeError('offset is already free');
  const joinsBefore = before !== null && before.end === offset - 1n;
  const joinsAfter = after !== null && after.start === offset + 1n;
  if (joinsBefore && joinsAfter) {
    return [
      { op: 'update', start: before.start, to: { start: before.start, end: after.end } },
      { op: 'delete', start: after.start },
    ];
  }
  if (joinsBefore)
    return [{ op: 'update', start: before.start, to: { start: before.start, end: offset } }];
  if (joinsAfter)
    return [{ op: 'update', start: after.start, to: { start: offset, end: after.end } }];
  return [{ op: 'create', to: { start: offset, end: offset } }];
}

/** Free addresses `skip`..`skip + take - 1` (in offset order) across `runs` (sorted by start). */
export function freeSlice(runs: FreeRun[], skip: bigint, take: number): bigint[] {
  const out: bigint[] = [];
  let toSkip = skip;
  for (const run of runs) {
    const size = run.end - run.start + 1n;
    if (toSkip >= size) {
      toSkip -= size;
      continue;
    }
    for (let o = run.start + toSkip; o <= run.end && out.length < take; o++) out.push(o);
    toSkip = 0n;
    if (out.length >= take) break;
  }
  return out;
}

/** Up to `take` free offsets greater than `after` (in offset order) across `runs` (sorted). */
export function freeAfter(runs: FreeRun[], after: bigint, take: number): bigint[] {
  const out: bigint[] = [];
  for (const run of runs) {
    if (run.end <= after) continue;
    const from = run.start > after ? run.start : after + 1n;
    for (let o = from; o <= run.end && out.length < take; o++) out.push(o);
    if (out.length >= take) break;
  }
  return out;
}

export function runsSize(runs: FreeRun[]): bigint {
  return runs.reduce((sum, r) => sum + (r.end - r.start + 1n), 0n);
}
