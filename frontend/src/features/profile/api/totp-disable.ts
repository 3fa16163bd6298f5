import type { TotpCodeInput } from '@multpanel/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { profileKeys } from './keys';

/** Turning 2FA off asks for a current code, so a borrowed unlocked session cannot do it silently. */
export const disableTotp = (input: TotpCodeInput): Promise<void> =>
  api.post<void>('/auth/totp/disable', input);

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: disableTotp,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: profileKeys.me }),
  });
}
