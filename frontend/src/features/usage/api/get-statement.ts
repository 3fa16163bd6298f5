import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { usageKeys, type UsageStatement, type UsageStatementQuery } from './types';

export const getStatement = (q: UsageStatementQuery) =>
  api.get<UsageStatement>('/usage/statements', { query: { ...q } });

/** One company's statement for one month; idle until both are chosen. */
export const useStatement = (companyId: string | null, month: string) =>
  useQuery({
    queryKey: usageKeys.statement(companyId ?? '', month),
    queryFn: () => getStatement({ companyId: companyId ?? '', month }),
    enabled: !!companyId,
  });
