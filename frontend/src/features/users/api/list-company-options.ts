import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';
import { userKeys } from './types';

export interface CompanyOption {
  id: string;
  name: string;
}

/** Companies the actor may place users in (their scope), for the user form's picker. */
export const listCompanyOptions = (): Promise<Paged<CompanyOption>> =>
  api.get<Paged<CompanyOption>>('/companies', { query: { page: 1, pageSize: 100 } });

export const companyOptionsQueryOptions = () =>
  queryOptions({
    queryKey: userKeys.companyOptions,
    queryFn: listCompanyOptions,
    staleTime: 60_000,
  });

export const useCompanyOptions = (enabled: boolean) =>
  useQuery({ ...companyOptionsQueryOptions(), enabled });
