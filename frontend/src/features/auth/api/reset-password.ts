import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const resetPassword = (input: { token: string; password: string }): Promise<unknown> =>
  api.post<unknown>('/auth/password/reset', input, { auth: false });

export const useResetPassword = () => useMutation({ mutationFn: resetPassword });
