import { useMutation } from '@tanstack/react-query';
import { apiDownload } from '@/lib/api-client';
import type { UsageStatementQuery } from './types';

export const STATEMENT_CSV_PATH = '/usage/statements.csv';

/** Fetches the CSV with the bearer token, then hands it to the browser as a download. */
export async function downloadStatement(q: UsageStatementQuery, fileName: string): Promise<void> {
  const blob = await apiDownload(STATEMENT_CSV_PATH, { ...q });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export const useDownloadStatement = () =>
  useMutation({
    mutationFn: ({ query, fileName }: { query: UsageStatementQuery; fileName: string }) =>
      downloadStatement(query, fileName),
  });
