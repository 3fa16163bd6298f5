import { useQuery } from '@tanstack/react-query';
import type { BackupRunDetail } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export const getRun = (id: string): Promise<BackupRunDetail> =>
  api.get<BackupRunDetail>(`/backup-history/${encodeURIComponent(id)}`);

/** One run with its results; polled while it is still going. */
export const useRun = (id: string | null) =>
  useQuery({
    queryKey: backupKeys.run(id ?? ''),
    queryFn: () => getRun(id!),
    enabled: !!id,
    refetchInterval: (q) =>
      q.state.data && ['queued', 'running'].includes(q.state.data.status) ? 3000 : false,
  });
