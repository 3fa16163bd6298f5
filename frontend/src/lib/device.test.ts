import { describe, expect, it } from 'vitest';
import { isPhone, shouldRedirectToMobile } from './device';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const ANDROID_PHONE =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
const ANDROID_TABLET =
  'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const DESKTOP =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

const store = (values: Record<string, string> = {}) => ({
  getItem: (k: string) => values[k] ?? null,
});

describe('device detection', () => {
  it('recognises phones by user agent or narrow viewport', () => {
    expect(isPhone(IPHONE, 1200)).toBe(true);
    expect(isPhone(ANDROID_PHONE, 1200)).toBe(true);
    expect(isPhone(ANDROID_TABLET, 1024)).toBe(false);
    expect(isPhone(DESKTOP, 1280)).toBe(false);
    expect(isPhone(DESKTOP, 390)).toBe(true);
  });

  it('redirects a phone landing on / but nowhere else', () => {
    const base = { userAgent: IPHONE, viewportWidth: 390, local: store(), session: store() };
    expect(shouldRedirectToMobile({ ...base, pathname: '/' })).toBe(true);
    expect(shouldRedirectToMobile({ ...base, pathname: '/users' })).toBe(false);
    expect(shouldRedirectToMobile({ ...base, pathname: '/mobile' })).toBe(false);
    expect(
      shouldRedirectToMobile({ ...base, userAgent: DESKTOP, viewportWidth: 1280, pathname: '/' }),
    ).toBe(false);
  });

  it('respects "switch to full console" and redirects only once per visit', () => {
    const base = { userAgent: IPHONE, viewportWidth: 390, pathname: '/' };
    expect(
      shouldRedirectToMobile({
        ...base,
        local: store({ 'mp.preferConsole': '1' }),
        session: store(),
      }),
    ).toBe(false);
    expect(
      shouldRedirectToMobile({
        ...base,
        local: store(),
        session: store({ 'mp.mobileRedirected': '1' }),
      }),
    ).toBe(false);
  });
});
