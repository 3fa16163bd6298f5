// Automatic placement: score every online node by free memory, CPU load and free storage.

export interface NodeCandidate {
  node: string;
  online: boolean;
  cpu: number; // 0..1 load
  mem: number;
  maxmem: number;
  /** Free bytes on the best storage usable for the guest's disks on this node. */
  storageFree: number;
  storage: string | null;
}

export interface Placement {
  node: string;
  storage: string | null;
  score: number;
  /** One line per candidate, for the job log. */
  explanation: string[];
}

const GIB = 1024 ** 3;

export function placeGuest(
  candidates: NodeCandidate[],
  need: { memoryBytes: number; diskBytes: number },
): Placement | null {
  const lines: string[] = [];
  let best: Placement | null = null;
  for (const c of [...candidates].sort((a, b) => a.node.localeCompare(b.node))) {
    const freeMem = c.maxmem - c.mem;
    const why = `free memory ${(freeMem / GIB).toFixed(1)} GiB, CPU load ${(c.cpu * 100).toFixed(0)}%, free storage ${(c.storageFree / GIB).toFixed(0)} GiB${c.storage ? ` on ${c.storage}` : ''}`;
    if (!c.online) {
      lines.push(`${c.node}: skipped (offline)`);
      continue;
    }
    if (freeMem < need.memoryBytes || c.storageFree < need.diskBytes || !c.storage) {
      lines.push(`${c.node}: skipped (not enough room: ${why})`);
      continue;
    }
    // Weights: memory headroom matters most, then CPU, then storage headroom.
    const memScore = c.maxmem > 0 ? (freeMem - need.memoryBytes) / c.maxmem : 0;
    const storageScore = Math.min(1, (c.storageFree - need.diskBytes) / Math.max(c.storageFree, 1));
    const score =
      Math.round((0.5 * memScore + 0.3 * (1 - Math.min(1, c.cpu)) + 0.2 * storageScore) * 1000) /
      1000;
    lines.push(`${c.node}: score ${score} (${why})`);
    if (!best || score > best.score)
      best = { node: c.node, storage: c.storage, score, explanation: [] };
  }
  if (!best) return null;
  best.explanation = [...lines, `chose ${best.node} (highest score ${best.score})`];
  return best;
}
