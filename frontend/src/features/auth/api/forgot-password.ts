import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const forgotPassword = (input: { email: string }): Promise<unknown> =>
  api.post<unknown>('/auth/password/forgot', input, { auth: false });

export const useForgotPassword = () => useMutation({ mutationFn: forgotPassword });
