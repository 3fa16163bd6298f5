import type { GridSortModel } from '@mui/x-data-grid';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { GUEST_KINDS, VM_SORTS } from '@multpanel/contracts';
import { oneOf, useListParams } from '@/lib/use-list-params';
import type { VmListParams } from '../api/types';

export const VM_FILTERS = [
  'search',
  'type',
  'companyId',
  'clusterId',
  'node',
  'status',
  'tag',
] as const;
export type VmFilter = (typeof VM_FILTERS)[number];
/** Columns the API can sort by (`sort=name` / `sort=-name`). */
export const SORTABLE = ['name', 'status', 'vmid', 'createdAt'] as const;

/** `-name` ⇄ [{ field: 'name', sort: 'desc' }]. */
export function sortToModel(sort: string | null): GridSortModel {
  if (!sort) return [];
  const desc = sort.startsWith('-');
  const field = desc ? sort.slice(1) : sort;
  return (SORTABLE as readonly string[]).includes(field)
    ? [{ field, sort: desc ? 'desc' : 'asc' }]
    : [];
}
export function modelToSort(model: GridSortModel): string {
  const first = model[0];
  if (!first?.sort) return '';
  return first.sort === 'desc' ? `-${first.field}` : first.field;
}

/** Paging, sorting and every filter of the guests list live in the URL. */
export function useVmListParams() {
  const list = useListParams(VM_FILTERS);
  const [params, setParams] = useSearchParams();
  const sort = params.get('sort') ?? '';
  const sortModel = useMemo(() => sortToModel(sort), [sort]);

  const setSort = useCallback(
    (model: GridSortModel) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          const value = modelToSort(model);
          if (value) next.set('sort', value);
          else next.delete('sort');
          next.delete('page');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const { type, ...filters } = list.filters;
  const query: VmListParams = {
    page: list.page,
    pageSize: list.pageSize,
    sort: oneOf(VM_SORTS, sort),
    type: oneOf(GUEST_KINDS, type),
    ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)),
  };
  return { ...list, sortModel, setSort, query };
}
