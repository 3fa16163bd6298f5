import { en } from './en';
import { mergeResources, type Tree } from './merge';

/**
 * The phone entry's labels (mobile.html): the shared ones, the phone features' (and sign-in's, whose
 * password fields the profile page shows) and every feature's job type labels, but no console-only
 * feature's. A feature added to app/routes/mobile-features.ts is added here; phone-resources.test.ts
 * fails when a phone screen asks for a key this set lacks.
 */
const phoneFeatureResources = import.meta.glob<Tree>(
  [
    '../features/{auth,backups,console,deployments,mobile,monitoring,profile,tickets,vms}/i18n.en.ts',
    '../features/*/i18n.jobs.en.ts',
  ],
  { eager: true, import: 'en' },
);

export const phoneResources: Tree = mergeResources(en as unknown as Tree, phoneFeatureResources);
