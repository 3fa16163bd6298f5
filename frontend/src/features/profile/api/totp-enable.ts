import type { TotpCodeInput, TotpEnableResponse } from '@multpanel/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { profileKeys } from './keys';

export const enableTotp = (input: TotpCodeInput): Promise<TotpEnableResponse> =>
  api.post<TotpEnableResponse>('/auth/totp/enable', input);

export function useEnableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: enableTotp,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profileKeys.me }),
  });
}
