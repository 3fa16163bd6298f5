import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { profileKeys } from './keys';

export interface TotpEnableResult {
  recoveryCodes: string[];
}

export const enableTotp = (input: { code: string }): Promise<TotpEnableResult> =>
  api.post<TotpEnableResult>('/auth/totp/enable', input);

export function useEnableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: enableTotp,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profileKeys.me }),
  });
}
