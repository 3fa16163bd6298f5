import { useMutation } from '@tanstack/react-query';
import { apiDownload } from '@/lib/api-client';
import type { ActivityFilters } from './list-activity';

export const ACTIVITY_EXPORT_PATH = '/activity/export.csv';

/** Fetches the CSV with the bearer token, then hands it to the browser as a download. */
export async function exportActivity(filters: ActivityFilters): Promise<void> {
  const blob = await apiDownload(ACTIVITY_EXPORT_PATH, { ...filters });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `activity-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export const useExportActivity = () => useMutation({ mutationFn: exportActivity });
