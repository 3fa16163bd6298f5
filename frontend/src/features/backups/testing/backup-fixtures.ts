import type { BackupScheduleDto, GuestBackup, VmDetail, VmSummary } from '@multpanel/contracts';
import { ACME_ID, CLUSTER_ID, VM_ID } from '@/testing/fixtures';

export { ACME_ID, VM_ID, acmeAdminSession, job } from '@/testing/fixtures';

/** The guest page's answer for a running Acme guest with every right. */
export const guest = (over: Partial<VmDetail> = {}): VmDetail => ({
  id: VM_ID,
  vmid: 101,
  kind: 'qemu',
  name: 'web-1',
  status: 'running',
  companyId: ACME_ID,
  companyName: 'Acme Corp',
  clusterId: CLUSTER_ID,
  clusterName: 'demo',
  node: 'pve1',
  cpus: 2,
  maxmem: 2 * 1024 ** 3,
  maxdisk: 32 * 1024 ** 3,
  tags: [],
  template: false,
  lock: null,
  updatedAt: '2026-01-01T10:00:00.000Z',
  live: null,
  config: null,
  clusterStatus: 'online',
  rights: ['view', 'console', 'power', 'snapshot', 'backup', 'edit'],
  addresses: null,
  ...over,
});

/** The same guest as a row of GET /vms (no live state, config or rights). */
export const guestRow = (over: Partial<VmSummary> = {}): VmSummary => {
  const {
    live: _live,
    config: _config,
    clusterStatus: _status,
    rights: _rights,
    addresses: _addresses,
    ...row
  } = guest();
  return { ...row, ...over };
};

export const archive = (over: Partial<GuestBackup> = {}): GuestBackup => ({
  volid: 'local:backup/vzdump-qemu-101-2026_01_02-02_00_00.vma.zst',
  storage: 'local',
  node: 'pve1',
  format: 'vma.zst',
  sizeBytes: 3 * 1024 ** 3,
  createdAt: '2026-01-02T02:00:00.000Z',
  notes: 'web-1',
  protected: false,
  ...over,
});

export const schedule = (over: Partial<BackupScheduleDto> = {}): BackupScheduleDto => ({
  id: '55555555-5555-4555-8555-555555555555',
  companyId: ACME_ID,
  name: 'Nightly',
  enabled: true,
  selection: { allGuests: true },
  cron: '0 2 * * *',
  timezone: 'UTC',
  storage: 'local',
  mode: 'snapshot',
  compress: 'zstd',
  notesTemplate: '{{guestname}}',
  protected: false,
  retention: { keepLast: 3 },
  windowMinutes: 360,
  storageLimit: null,
  restoreTest: null,
  restoreTestNextAt: null,
  nextRunAt: '2026-01-03T02:00:00.000Z',
  lastRunAt: null,
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  ...over,
});
