import { useQuery } from '@tanstack/react-query';
import type { CronPreview } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { backupKeys } from './keys';

export const previewCron = (cron: string, timezone: string): Promise<CronPreview> =>
  api.get<CronPreview>('/backup-schedules/preview', { query: { cron, timezone, count: 5 } });

/** The next runs of the expression being typed (the server's cron parser decides). */
export const useCronPreview = (cron: string, timezone: string) =>
  useQuery({
    queryKey: backupKeys.preview(cron, timezone),
    queryFn: () => previewCron(cron, timezone),
    enabled: cron.trim().split(/\s+/).length === 5 && timezone.length > 0,
    retry: false,
    staleTime: 60_000,
  });
