import type { TotpSetupResponse } from '@multpanel/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/** Starts enrolment: the server creates a pending secret that only becomes active after a valid code. */
export const setupTotp = (): Promise<TotpSetupResponse> =>
  api.post<TotpSetupResponse>('/auth/totp/setup');

export const useSetupTotp = () => useMutation({ mutationFn: setupTotp });
