import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Tree } from './merge';

export const defaultNS = 'translation';

/**
 * Initialises the one i18next instance synchronously (resources are bundled), so the first render
 * already has labels. Each entry calls it once with its resources: index.ts (the whole SPA, and the
 * tests) or phone.ts (mobile.html).
 */
export function initI18n(translation: Tree) {
  void i18n.use(initReactI18next).init({
    resources: { en: { translation } },
    lng: 'en',
    fallbackLng: 'en',
    defaultNS,
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
  });
}

export { i18n };
