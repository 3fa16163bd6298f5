import { agentConfigured, SCRATCH_VMID_BASE, scratchVmidCandidate } from './restore-test-rules';

describe('restore test rules', () => {
  it('spreads scratch VMIDs over the scratch range, stable per test and attempt', () => {
    const a = scratchVmidCandidate('0190a000-0000-7000-8000-000000000001', 0);
    expect(a).toBe(scratchVmidCandidate('0190a000-0000-7000-8000-000000000001', 0));
    expect(a).not.toBe(scratchVmidCandidate('0190a000-0000-7000-8000-000000000001', 1));
    expect(a).not.toBe(scratchVmidCandidate('0190a000-0000-7000-8000-000000000002', 0));
    for (let i = 0; i < 200; i++) {
      const v = scratchVmidCandidate(`t${i}`, 0);
      expect(v).toBeGreaterThanOrEqual(SCRATCH_VMID_BASE);
      expect(v).toBeLessThanOrEqual(999_999_999);
    }
  });

  it('reads the agent option as Proxmox does', () => {
    expect(agentConfigured('1')).toBe(true);
    expect(agentConfigured('enabled=1,fstrim_cloned_disks=1')).toBe(true);
    expect(agentConfigured(1)).toBe(true);
    expect(agentConfigured('0')).toBe(false);
    expect(agentConfigured('enabled=0')).toBe(false);
    expect(agentConfigured(undefined)).toBe(false);
  });
});
