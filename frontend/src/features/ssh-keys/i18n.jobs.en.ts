/**
 * Job type labels of the SSH keys feature, apart from its other labels (i18n.en.ts): the phone entry
 * loads these only (i18n/phone-resources.ts), as a phone lists every job of its company.
 */
export const en = {
  jobs: {
    types: {
      ssh_keys_rotate: 'Rotate SSH key',
      ssh_keys_push_bulk: 'Push SSH key',
    },
  },
};
