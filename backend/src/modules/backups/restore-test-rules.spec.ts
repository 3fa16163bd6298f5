import {
  agentConfigured,
  pickTestBackup,
  SCRATCH_VMID_BASE,
  scratchVmidCandidate,
  type TestableBackup,
} from './restore-test-rules';

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

  describe('which archive a test restores', () => {
    const now = new Date('2026-06-10T12:00:00Z');
    const ago = (h: number): TestableBackup => ({
      guestId: 'g',
      volid: `local:backup/${h}h`,
      backupAt: new Date(now.getTime() - h * 3_600_000),
    });
    const archives = [ago(1), ago(25), ago(49), ago(200)];

    it('newest: always the newest, whatever the draw', () => {
      expect(pickTestBackup(archives, 'newest', 48, now, () => 0.99)).toEqual({
        backup: archives[0],
        fellBack: false,
      });
      expect(pickTestBackup([], 'newest', 48, now)).toBeNull();
    });

    it('random: uniformly among those younger than the bound, never an older one', () => {
      const drawn = [0, 0.49, 0.5, 0.999].map(
        (r) => pickTestBackup(archives, 'random', 48, now, () => r)!.backup.volid,
      );
      expect(drawn).toEqual([
        'local:backup/1h',
        'local:backup/1h',
        'local:backup/25h',
        'local:backup/25h',
      ]);
      const wider = pickTestBackup(archives, 'random', 72, now, () => 0.9)!;
      expect(wider).toEqual({ backup: archives[2], fellBack: false });
    });

    it('random: none that young falls back to the newest and says so', () => {
      expect(pickTestBackup([ago(60), ago(90)], 'random', 48, now, () => 0.9)).toEqual({
        backup: ago(60),
        fellBack: true,
      });
    });
  });
});
