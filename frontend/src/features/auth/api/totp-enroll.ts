import { useMutation } from '@tanstack/react-query';
import type { TotpEnrollConfirmResponse, TotpEnrollResponse } from '@multpanel/contracts';
import { api } from '@/lib/api-client';

/** Required enrolment after a password login: the enrolment token stands in for a session. */
export const enrollTotp = (enrollmentToken: string): Promise<TotpEnrollResponse> =>
  api.post<TotpEnrollResponse>('/auth/totp/enroll', { enrollmentToken }, { auth: false });

export const confirmTotpEnrollment = (input: {
  enrollmentToken: string;
  code: string;
}): Promise<TotpEnrollConfirmResponse> =>
  api.post<TotpEnrollConfirmResponse>('/auth/totp/enroll/confirm', input, { auth: false });

export const useEnrollTotp = () => useMutation({ mutationFn: enrollTotp });

/** The session is not stored here: the form shows the recovery codes first, then signs in. */
export const useConfirmTotpEnrollment = () => useMutation({ mutationFn: confirmTotpEnrollment });
