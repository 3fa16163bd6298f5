import type { LoginResponse, PasskeyOptionsResponse } from '@multpanel/contracts';
import { startAuthentication } from '@simplewebauthn/browser';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { sessionStore } from '@/lib/session-store';

/** Passwordless sign-in: the browser asks for any of this site's passkeys, the API checks it. */
export async function passkeyLogin(): Promise<LoginResponse> {
  const { challengeId, options } = await api.post<PasskeyOptionsResponse>(
    '/auth/passkey-login/options',
    undefined,
    { auth: false },
  );
  const credential = await startAuthentication({
    optionsJSON: options as unknown as Parameters<typeof startAuthentication>[0]['optionsJSON'],
  });
  return api.post<LoginResponse>(
    '/auth/passkey-login',
    { challengeId, credential },
    { auth: false },
  );
}

export function usePasskeyLogin() {
  return useMutation({
    mutationFn: passkeyLogin,
    onSuccess: (result) => {
      if (result.status === 'ok') sessionStore.setSession(result);
    },
  });
}
