import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { sessionStore, type SessionPayload } from '@/lib/session-store';

export interface LoginInput {
  email: string;
  password: string;
  totpCode?: string;
}

export type LoginResult =
  | SessionPayload
  | { status: 'totp_required' }
  | { status: 'totp_enrollment_required'; enrollmentToken: string };

export const login = (input: LoginInput): Promise<LoginResult> =>
  api.post<LoginResult>('/auth/login', input, { auth: false });

/** Signs in; a `totp_required` or `totp_enrollment_required` answer is returned to the form, an `ok` one becomes the session. */
export function useLogin() {
  return useMutation({
    mutationFn: login,
    onSuccess: (result) => {
      if (result.status === 'ok') sessionStore.setSession(result);
    },
  });
}
