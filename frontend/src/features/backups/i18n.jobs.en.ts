/**
 * Job type labels of the backups feature, apart from its other labels (i18n.en.ts): the phone entry
 * loads these at boot (i18n/phone-resources.ts), the rest when a screen past the home page opens.
 */
export const en = {
  jobs: {
    types: {
      backups_guest: 'Backup',
      backups_restore: 'Restore backup',
      backups_snapshot: 'Scheduled snapshot',
      backups_dr_sync: 'DR copy',
      backups_dr_failover: 'DR fail over',
      backups_dr_failback: 'DR fail back',
    },
  },
};
