import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';
import type { UserView } from '@multpanel/contracts';
import { companyKeys } from '@/lib/queries/companies';

/** Staff who can be assigned to customers. */
export const listSalespeople = (): Promise<Paged<UserView>> =>
  api.get<Paged<UserView>>('/users', {
    query: { role: 'salesperson', status: 'active', page: 1, pageSize: 200 },
  });

export const salespeopleQueryOptions = () =>
  queryOptions({ queryKey: companyKeys.salespeople, queryFn: listSalespeople, staleTime: 60_000 });

export const useSalespeople = (enabled: boolean) =>
  useQuery({ ...salespeopleQueryOptions(), enabled });
