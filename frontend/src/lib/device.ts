import { appConfig, storageKeys } from '@/config/app-config';

const PHONE_UA =
  /iPhone|iPod|Android.+Mobile|Windows Phone|BlackBerry|Opera Mini|IEMobile|Mobile Safari/i;

/** A phone is a phone-like user agent or a viewport narrower than a small tablet. */
export function isPhone(userAgent: string, viewportWidth: number): boolean {
  return PHONE_UA.test(userAgent) || viewportWidth < appConfig.phoneMaxWidth;
}

export interface MobileRedirectInput {
  pathname: string;
  userAgent: string;
  viewportWidth: number;
  local: Pick<Storage, 'getItem'>;
  session: Pick<Storage, 'getItem'>;
}

/**
 * Phones landing on the console root go to /mobile once per visit; someone who chose
 * "Switch to full console" keeps the console (remembered in localStorage).
 */
export function shouldRedirectToMobile(input: MobileRedirectInput): boolean {
  if (input.pathname !== '/') return false;
  if (input.local.getItem(storageKeys.preferConsole) === '1') return false;
  if (input.session.getItem(storageKeys.mobileRedirected) === '1') return false;
  return isPhone(input.userAgent, input.viewportWidth);
}

export function rememberMobileRedirect(session: Pick<Storage, 'setItem'>): void {
  session.setItem(storageKeys.mobileRedirected, '1');
}

export function preferFullConsole(local: Pick<Storage, 'setItem'>): void {
  local.setItem(storageKeys.preferConsole, '1');
}

export function preferMobileView(local: Pick<Storage, 'removeItem'>): void {
  local.removeItem(storageKeys.preferConsole);
}
