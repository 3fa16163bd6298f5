/**
 * Job type labels of the deployments feature, apart from its other labels (i18n.en.ts): the phone
 * entry loads these at boot (i18n/phone-resources.ts), the rest when a screen past the home page opens.
 */
export const en = {
  jobs: { types: { deployments_run: 'Deploy application' } },
};
