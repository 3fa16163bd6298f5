import createCache, { type EmotionCache } from '@emotion/cache';

/**
 * MUI's styles go into an emotion cache of the test's own, whose <style> tags are removed after the
 * test: a vitest worker keeps one document for many files, and jsdom matches every rule in it on
 * each getComputedStyle, so rules left from earlier files made later files several times slower.
 */
const KEY = 'mptest';

export const testStyleCache = (): EmotionCache => createCache({ key: KEY });

export function removeTestStyles(): void {
  for (const tag of document.head.querySelectorAll(`style[data-emotion^="${KEY}"]`)) tag.remove();
}
