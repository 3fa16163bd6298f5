import type { ChangePasswordInput } from '@multpanel/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const changePassword = (input: ChangePasswordInput): Promise<void> =>
  api.post<void>('/auth/password/change', input);

export const useChangePassword = () => useMutation({ mutationFn: changePassword });
