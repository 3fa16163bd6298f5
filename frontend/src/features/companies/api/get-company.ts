import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { companyKeys, type Company } from './types';

export const getCompany = (id: string): Promise<Company> =>
  api.get<Company>(`/companies/${encodeURIComponent(id)}`);

export const companyQueryOptions = (id: string) =>
  queryOptions({ queryKey: companyKeys.detail(id), queryFn: () => getCompany(id) });

export const useCompany = (id: string) => useQuery(companyQueryOptions(id));
