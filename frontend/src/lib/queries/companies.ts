import type { CompanyView } from '@multpanel/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, type Paged } from '@/lib/api-client';

// Company reads that several features need (the companies screens, security, pickers).

export const companyKeys = {
  all: ['companies'] as const,
  list: (params: object) => ['companies', 'list', params] as const,
  detail: (id: string) => ['companies', 'detail', id] as const,
  options: () => ['companies', 'options'] as const,
  salespeople: ['companies', 'salespeople'] as const,
};

export const getCompany = (id: string): Promise<CompanyView> =>
  api.get<CompanyView>(`/companies/${encodeURIComponent(id)}`);

export const companyQueryOptions = (id: string) =>
  queryOptions({ queryKey: companyKeys.detail(id), queryFn: () => getCompany(id) });

export const useCompany = (id: string) => useQuery(companyQueryOptions(id));

/** An entry of a company picker. */
export type CompanyOption = Pick<CompanyView, 'id' | 'name'>;

/** The largest page GET /api/companies serves; pickers show the first 200 companies by name. */
const OPTIONS_PAGE_SIZE = 200;

/** Companies for pickers and filters; the API limits them to the caller's scope. */
export const listCompanyOptions = async (): Promise<CompanyOption[]> =>
  (
    await api.get<Paged<CompanyView>>('/companies', {
      query: { page: 1, pageSize: OPTIONS_PAGE_SIZE },
    })
  ).items.map(({ id, name }) => ({ id, name }));

export const useCompanyOptions = (enabled = true) =>
  useQuery({
    queryKey: companyKeys.options(),
    queryFn: listCompanyOptions,
    enabled,
    staleTime: 60_000,
  });
