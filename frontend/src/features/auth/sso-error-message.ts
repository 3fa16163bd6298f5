import type { TFunction } from 'i18next';

/** A readable sentence for the `?error=` reason the SSO callback sends to /login. */
export function ssoErrorMessage(t: TFunction, reason: string): string {
  if (!/^[a-z_]{1,40}$/.test(reason)) return t('auth.login.ssoFailed', { reason });
  return t(`auth.ssoErrors.${reason}`, {
    defaultValue: t('auth.login.ssoFailed', { reason }),
  });
}
