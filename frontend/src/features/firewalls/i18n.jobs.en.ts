/**
 * Job type labels of the firewalls feature, apart from its other labels (i18n.en.ts): the phone entry
 * loads these only (i18n/phone-resources.ts), as a phone lists every job of its company.
 */
export const en = {
  jobs: {
    types: {
      firewalls_deploy: 'Deploy firewall',
      firewalls_apply_change: 'Apply firewall change',
    },
  },
};
