import type { BulkVmResult, bulkVmSchema, VM_BULK_ACTIONS } from '@multpanel/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '@/lib/api-client';
import { trackAccepted } from '@/lib/jobs/track-job';
import { vmKeys } from './types';

export type BulkAction = (typeof VM_BULK_ACTIONS)[number];
export type BulkInput = z.input<typeof bulkVmSchema>;
/** One guest's outcome: a job that was queued, or why it was refused. */
export type BulkResult = BulkVmResult['results'][number];

export const bulkVms = async (input: BulkInput): Promise<BulkResult[]> =>
  (await api.post<BulkVmResult>('/vms/bulk', input)).results;

export function useBulkVms() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bulkVms,
    onSuccess: (results) => {
      for (const r of results) if (r.job) trackAccepted(queryClient, { job: r.job });
      void queryClient.invalidateQueries({ queryKey: vmKeys.lists() });
    },
  });
}
