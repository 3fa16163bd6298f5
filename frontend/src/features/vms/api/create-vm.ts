import type { CreateVmInput } from '@multpanel/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { trackAccepted } from '@/lib/jobs/track-job';
import { vmKeys, type JobAccepted } from './types';

/**
 * POST /api/vms with an `Idempotency-Key`: the wizard keeps one key per attempt, so a retried
 * click or a flaky network can never create a second guest.
 */
export const createVm = ({
  input,
  idempotencyKey,
}: {
  input: CreateVmInput;
  idempotencyKey: string;
}) => api.post<JobAccepted>('/vms', input, { headers: { 'Idempotency-Key': idempotencyKey } });

export function useCreateVm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createVm,
    onSuccess: (answer) => {
      trackAccepted(queryClient, answer);
      void queryClient.invalidateQueries({ queryKey: vmKeys.lists() });
    },
  });
}

export function newIdempotencyKey(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c?.randomUUID) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
