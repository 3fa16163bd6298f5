import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';
import type { CompanyListQuery, CompanyView } from '@multpanel/contracts';
import { companyKeys } from '@/lib/queries/companies';

export type ListCompaniesParams = CompanyListQuery;

export const listCompanies = (params: ListCompaniesParams): Promise<Paged<CompanyView>> =>
  api.get<Paged<CompanyView>>('/companies', { query: { ...params } });

export const listCompaniesQueryOptions = (params: ListCompaniesParams) =>
  queryOptions({
    queryKey: companyKeys.list(params),
    queryFn: () => listCompanies(params),
    placeholderData: keepPreviousData,
  });

export const useCompanies = (params: ListCompaniesParams) =>
  useQuery(listCompaniesQueryOptions(params));
