import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';
import { companyKeys, type Company } from './types';

export interface ListCompaniesParams {
  page: number;
  pageSize: number;
  search?: string;
  status?: string;
}

export const listCompanies = (params: ListCompaniesParams): Promise<Paged<Company>> =>
  api.get<Paged<Company>>('/companies', { query: { ...params } });

export const listCompaniesQueryOptions = (params: ListCompaniesParams) =>
  queryOptions({
    queryKey: companyKeys.list(params),
    queryFn: () => listCompanies(params),
    placeholderData: keepPreviousData,
  });

export const useCompanies = (params: ListCompaniesParams) =>
  useQuery(listCompaniesQueryOptions(params));
