import type { forgotPasswordSchema } from '@multpanel/contracts';
import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '@/lib/api-client';

/** Always 204, whether or not the address is known. */
export const forgotPassword = (input: z.input<typeof forgotPasswordSchema>): Promise<void> =>
  api.post<void>('/auth/password/forgot', input, { auth: false });

export const useForgotPassword = () => useMutation({ mutationFn: forgotPassword });
