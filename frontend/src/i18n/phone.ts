import { phoneBootResources } from './phone-resources';
import { initI18n } from './setup';

// The phone entry's boot labels (no console-only feature's, no screen's past home): see
// i18n/phone-resources.ts.
initI18n(phoneBootResources);
