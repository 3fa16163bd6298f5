import { keepPreviousData, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type { RestoreTestReport } from '@multpanel/contracts';
import { api, apiDownload } from '@/lib/api-client';
import { backupKeys } from './keys';

export interface RestoreTestReportParams {
  maxAgeHours: number;
  companyId?: string;
}

export const getRestoreTestReport = (params: RestoreTestReportParams): Promise<RestoreTestReport> =>
  api.get<RestoreTestReport>('/restore-tests', { query: { ...params } });

export const restoreTestReportQueryOptions = (params: RestoreTestReportParams) =>
  queryOptions({
    queryKey: backupKeys.restoreTests(params),
    queryFn: () => getRestoreTestReport(params),
    placeholderData: keepPreviousData,
  });

export const useRestoreTestReport = (params: RestoreTestReportParams) =>
  useQuery(restoreTestReportQueryOptions(params));

/**
 * Fetches the report as CSV or PDF (one company's, under its brand) with the bearer token, then
 * hands it to the browser as a download.
 */
export async function downloadRestoreTestReport(
  params: RestoreTestReportParams,
  format: 'csv' | 'pdf' = 'csv',
): Promise<void> {
  const blob = await apiDownload(`/restore-tests/report.${format}`, { ...params });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `restore-tests-${new Date().toISOString().slice(0, 10)}.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export const useDownloadRestoreTestReport = () =>
  useMutation({
    mutationFn: ({ params, format }: { params: RestoreTestReportParams; format: 'csv' | 'pdf' }) =>
      downloadRestoreTestReport(params, format),
  });
