import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enResources } from './resources';

export const defaultNS = 'translation';
export const resources = { en: { translation: enResources } } as const;

// Initialised synchronously (resources are bundled) so the first render already has labels.
void i18n.use(initReactI18next).init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  defaultNS,
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
});

export { i18n };
