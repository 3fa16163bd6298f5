import { phoneResources } from './phone-resources';
import { initI18n } from './setup';

// The phone entry's labels (mobile.html): see phone-resources.ts.
initI18n(phoneResources);
