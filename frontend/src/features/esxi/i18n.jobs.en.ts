/**
 * Job type labels of the ESXi import feature, apart from its other labels (i18n.en.ts): the phone entry
 * loads these only (i18n/phone-resources.ts), as a phone lists every job of its company.
 */
export const en = {
  jobs: { types: { esxi_discover: 'Discover ESXi inventory', esxi_import: 'Import from ESXi' } },
};
