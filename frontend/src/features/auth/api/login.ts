import type { LoginInput, PasswordLoginResponse } from '@multpanel/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { sessionStore } from '@/lib/session-store';

export const login = (input: LoginInput): Promise<PasswordLoginResponse> =>
  api.post<PasswordLoginResponse>('/auth/login', input, { auth: false });

/** Signs in; a `totp_required` or `totp_enrollment_required` answer is returned to the form, an `ok` one becomes the session. */
export function useLogin() {
  return useMutation({
    mutationFn: login,
    onSuccess: (result) => {
      if (result.status === 'ok') sessionStore.setSession(result);
    },
  });
}
