import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';
import { companyKeys } from './types';

export interface SalespersonOption {
  id: string;
  name: string;
  email: string;
}

/** Staff who can be assigned to customers. */
export const listSalespeople = (): Promise<Paged<SalespersonOption>> =>
  api.get<Paged<SalespersonOption>>('/users', {
    query: { role: 'salesperson', status: 'active', page: 1, pageSize: 200 },
  });

export const salespeopleQueryOptions = () =>
  queryOptions({ queryKey: companyKeys.salespeople, queryFn: listSalespeople, staleTime: 60_000 });

export const useSalespeople = (enabled: boolean) =>
  useQuery({ ...salespeopleQueryOptions(), enabled });
