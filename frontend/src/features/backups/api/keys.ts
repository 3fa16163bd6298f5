// Query keys of the backups feature.
export const backupKeys = {
  all: ['backups'] as const,
  schedules: (params: object) => ['backups', 'schedules', params] as const,
  schedule: (id: string) => ['backups', 'schedule', id] as const,
  preview: (cron: string, timezone: string) => ['backups', 'preview', cron, timezone] as const,
  history: (params: object) => ['backups', 'history', params] as const,
  notBackedUp: (params: object) => ['backups', 'not-backed-up', params] as const,
  successRates: (params: object) => ['backups', 'success-rates', params] as const,
  historyFilterOptions: (companyId: string) =>
    ['backups', 'history-filter-options', companyId] as const,
  run: (id: string) => ['backups', 'run', id] as const,
  guest: (vmId: string) => ['backups', 'guest', vmId] as const,
  guestOptions: (companyId: string) => ['backups', 'guest-options', companyId] as const,
  snapshotSchedules: (params: object) => ['backups', 'snapshot-schedules', params] as const,
  restoreTests: (params: object) => ['backups', 'restore-tests', params] as const,
  drPairs: (params: object) => ['backups', 'dr-pairs', params] as const,
  drPair: (id: string) => ['backups', 'dr-pair', id] as const,
  drClusters: (companyId: string) => ['backups', 'dr-clusters', companyId] as const,
};
