// Pure: whether an alert's notification falls inside a maintenance window.

export interface WindowSpec {
  companyId: string | null;
  clusterId: string | null;
  node: string | null;
  guestId: string | null;
  startsAt: Date;
  endsAt: Date;
}

/** What an alert is about, as windows match it (`node`: the guest's, node's or storage's node). */
export interface AlertSubject {
  companyId: string | null;
  clusterId: string | null;
  node: string | null;
  guestId: string | null;
}

/** The node named by a node or per-node storage target ("node:<c>:<n>", "storage:<c>:<n>:<s>"). */
export function nodeOfTarget(target: string): string | null {
  const [kind, , node] = target.split(':');
  if (kind === 'node' || (kind === 'storage' && node !== '*')) return node ?? null;
  return null;
}

/** The first window open at `at` whose every set field matches the subject. */
export function coveringWindow<W extends WindowSpec>(
  windows: readonly W[],
  s: AlertSubject,
  at: Date,
): W | undefined {
  return windows.find(
    (w) =>
      w.startsAt <= at &&
      at < w.endsAt &&
      (w.companyId === null || w.companyId === s.companyId) &&
      (w.clusterId === null || w.clusterId === s.clusterId) &&
      (w.node === null || w.node === s.node) &&
      (w.guestId === null || w.guestId === s.guestId),
  );
}
