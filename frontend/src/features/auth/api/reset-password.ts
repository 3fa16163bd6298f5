import type { ResetPasswordInput } from '@multpanel/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const resetPassword = (input: ResetPasswordInput): Promise<void> =>
  api.post<void>('/auth/password/reset', input, { auth: false });

export const useResetPassword = () => useMutation({ mutationFn: resetPassword });
