import { en } from './en';
import { mergeResources, type Tree } from './merge';
import { i18n } from './setup';

/**
 * The phone entry's labels (mobile.html) at boot: the shared ones (with the bottom navigation's), the
 * guests' (home summary card) and every feature's job type labels (a phone lists every job of its
 * company), but no console-only feature's. The other phone features' labels load with the first
 * screen past home (loadPhoneScreenLabels). A feature added to app/routes/mobile-features.ts is added
 * to one of the two sets; phone-resources.test.ts fails when a phone screen asks for a key neither
 * has, or the home screen for one the boot set lacks.
 */
const bootFeatureResources = import.meta.glob<Tree>(
  ['../features/vms/i18n.en.ts', '../features/*/i18n.jobs.en.ts'],
  { eager: true, import: 'en' },
);

export const phoneBootResources: Tree = mergeResources(en as unknown as Tree, bootFeatureResources);

let screenLabels: Promise<void> | undefined;

/** Adds the phone screens' labels (phone-screen-resources.ts, one chunk) to i18next, once. */
export function loadPhoneScreenLabels(): Promise<void> {
  screenLabels ??= import('./phone-screen-resources').then(({ phoneScreenResources }) => {
    i18n.addResourceBundle('en', 'translation', phoneScreenResources, true, true);
  });
  return screenLabels;
}
