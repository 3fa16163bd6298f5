import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { Job } from '@/lib/jobs/types';
import { trackAccepted } from '@/lib/jobs/track-job';
import { vmKeys } from './types';

export type BulkAction = 'start' | 'stop' | 'shutdown' | 'reboot' | 'snapshot' | 'tag';

export interface BulkInput {
  ids: string[];
  action: BulkAction;
  snapshotName?: string;
  tags?: string[];
}

/** One guest's outcome: a job that was queued, or why it was refused. */
export interface BulkResult {
  id: string;
  ok: boolean;
  job?: Job;
  error?: string;
}

type RawResult = {
  id?: string;
  vmId?: string;
  ok?: boolean;
  job?: Job | null;
  error?: string | { code?: string; message?: string } | null;
};

/** Normalises `{ results: [...] }` or a bare array into one row per guest. */
export function toBulkResults(body: unknown): BulkResult[] {
  const raw: RawResult[] = Array.isArray(body)
    ? (body as RawResult[])
    : ((body as { results?: RawResult[]; items?: RawResult[] })?.results ??
      (body as { items?: RawResult[] })?.items ??
      []);
  return raw.map((r) => {
    const error =
      typeof r.error === 'string' ? r.error : (r.error?.message ?? r.error?.code ?? undefined);
    return {
      id: r.id ?? r.vmId ?? '',
      ok: r.ok ?? !error,
      job: r.job ?? undefined,
      error,
    };
  });
}

export const bulkVms = async (input: BulkInput): Promise<BulkResult[]> =>
  toBulkResults(await api.post<unknown>('/vms/bulk', input));

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
