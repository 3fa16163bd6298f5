import { enResources } from './resources';
import { defaultNS, i18n, initI18n } from './setup';

// The whole SPA's labels (index.html and the tests); the phone entry loads phone.ts instead.
initI18n(enResources);

export const resources = { en: { translation: enResources } } as const;
export { defaultNS, i18n };
