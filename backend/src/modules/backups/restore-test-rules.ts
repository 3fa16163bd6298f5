import { createHash } from 'node:crypto';

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
