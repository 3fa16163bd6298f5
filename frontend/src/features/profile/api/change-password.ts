import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

export const changePassword = (input: ChangePasswordInput): Promise<unknown> =>
  api.post<unknown>('/auth/password/change', input);

export const useChangePassword = () => useMutation({ mutationFn: changePassword });
