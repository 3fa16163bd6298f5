import { useMutation } from '@tanstack/react-query';
import { apiDownload } from '@/lib/api-client';
import type { UsageStatementQuery } from './types';

export const STATEMENT_CSV_PATH = '/usage/statements.csv';
export const STATEMENT_PDF_PATH = '/usage/statements.pdf';

export type StatementFormat = 'csv' | 'pdf';

/** Fetches the CSV or PDF with the bearer token, then hands it to the browser as a download. */
export async function downloadStatement(
  q: UsageStatementQuery,
  fileName: string,
  format: StatementFormat = 'csv',
): Promise<void> {
  const path = format === 'pdf' ? STATEMENT_PDF_PATH : STATEMENT_CSV_PATH;
  const blob = await apiDownload(path, { ...q });
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
    mutationFn: ({
      query,
      fileName,
      format,
    }: {
      query: UsageStatementQuery;
      fileName: string;
      format?: StatementFormat;
    }) => downloadStatement(query, fileName, format),
  });
