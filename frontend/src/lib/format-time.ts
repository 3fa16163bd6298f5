/**
 * The one way the SPA shows a point in time: "6 Dec 2026, 14:05" in the browser's locale and time
 * zone (24-hour where the locale uses it). Lists, detail pages and charts all use it, so the same
 * moment never reads two ways on one screen.
 */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatDateTime = (iso: string | null | undefined, empty = '—'): string =>
  iso ? dateTime.format(new Date(iso)) : empty;
