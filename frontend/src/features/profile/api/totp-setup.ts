import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
}

/** Starts enrolment: the server creates a pending secret that only becomes active after a valid code. */
export const setupTotp = (): Promise<TotpSetup> => api.post<TotpSetup>('/auth/totp/setup');

export const useSetupTotp = () => useMutation({ mutationFn: setupTotp });
