import type { BulkCreateVmInput, BulkCreateVmResult } from '@multpanel/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { trackAccepted } from '@/lib/jobs/track-job';
import { vmKeys } from './types';

/**
 * POST /api/vms/bulk-create: `count` guests `<name>-1..N` from one wizard, a create job each (and
 * per NIC on an IPAM range its own next free address). A range too small for all of them is a
 * 409 before any guest is made. The idempotency key works as for one guest (`<key>:<n>` each).
 */
export const bulkCreateVms = ({
  input,
  idempotencyKey,
}: {
  input: BulkCreateVmInput;
  idempotencyKey: string;
}) =>
  api.post<BulkCreateVmResult>('/vms/bulk-create', input, {
    headers: { 'Idempotency-Key': idempotencyKey },
  });

export function useBulkCreateVms() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bulkCreateVms,
    onSuccess: (answer) => {
      for (const r of answer.results) if (r.job) trackAccepted(queryClient, { job: r.job });
      void queryClient.invalidateQueries({ queryKey: vmKeys.lists() });
    },
  });
}
