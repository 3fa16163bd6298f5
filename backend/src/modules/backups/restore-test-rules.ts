import { createHash } from 'node:crypto';
import type { RestoreTestPick } from '@multpanel/contracts';

/** Scratch copies of restore tests get VMIDs from here up (Proxmox allows up to 999,999,999). */
export const SCRATCH_VMID_BASE = 900_000_000;
const SCRATCH_VMID_SPAN = 99_999_999;

/** The `attempt`-th scratch VMID tried for a test: spread by its id, so parallel tests differ. */
export function scratchVmidCandidate(testId: string, attempt: number): number {
  const h = createHash('sha256').update(`${testId}:${attempt}`).digest();
  return SCRATCH_VMID_BASE + (h.readUInt32BE(0) % SCRATCH_VMID_SPAN);
}

/** `agent: [enabled=]1,...` in a VM's config: the guest agent channel is configured. */
export function agentConfigured(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  const first = String(value)
    .split(',')[0]
    .replace(/^enabled=/, '');
  return first === '1' || first === 'on' || first === 'yes' || first === 'true';
}

/** A guest's archive written by a schedule, as a restore test may restore it. */
export interface TestableBackup {
  guestId: string;
  volid: string;
  backupAt: Date | null;
}

/**
 * The archive a restore test restores from a guest's archives listed newest first: the newest, or
 * (`random`) one drawn uniformly among those written less than `maxAgeHours` before `now`;
 * `fellBack` when none is that young and the newest is taken instead. `random` returns [0, 1).
 */
export function pickTestBackup(
  newestFirst: TestableBackup[],
  pick: RestoreTestPick,
  maxAgeHours: number,
  now: Date,
  random: () => number = Math.random,
): { backup: TestableBackup; fellBack: boolean } | null {
  const newest = newestFirst[0];
  if (!newest) return null;
  if (pick === 'newest') return { backup: newest, fellBack: false };
  const cutoff = now.getTime() - maxAgeHours * 3_600_000;
  const young = newestFirst.filter((b) => b.backupAt !== null && b.backupAt.getTime() > cutoff);
  if (!young.length) return { backup: newest, fellBack: true };
  const i = Math.min(young.length - 1, Math.floor(random() * young.length));
  return { backup: young[i]!, fellBack: false };
}
