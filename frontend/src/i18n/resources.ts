import { en } from './en';
import { mergeResources, type Tree } from './merge';

/**
 * Features may keep their own labels in `features/<name>/i18n.en.ts` (exporting `en`); they are merged
 * over the shared English resources so a new feature does not have to edit a central file. Job type
 * labels of console-only features live in `i18n.jobs.en.ts`, which the phone entry loads too
 * (phone-resources.ts): a phone lists every job of its company.
 */
const featureResources = import.meta.glob<Tree>('../features/*/i18n{,.jobs}.en.ts', {
  eager: true,
  import: 'en',
});

export const enResources: Tree = mergeResources(en as unknown as Tree, featureResources);
