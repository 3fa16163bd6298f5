import { mergeResources, type Tree } from './merge';

/**
 * The phone features' labels past the home screen, one chunk the phone entry loads with the first
 * such screen (phone-resources.ts, loadPhoneScreenLabels); sign-in's for the profile page's password
 * fields.
 */
const screenFeatureResources = import.meta.glob<Tree>(
  '../features/{auth,backups,console,deployments,monitoring,profile,tickets}/i18n.en.ts',
  { eager: true, import: 'en' },
);

export const phoneScreenResources: Tree = mergeResources({}, screenFeatureResources);
