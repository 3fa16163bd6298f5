import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { appConfig } from '@/config/app-config';

export interface ListParams<F extends string> {
  /** 1-based, as the API counts. */
  page: number;
  pageSize: number;
  filters: Record<F, string>;
  setPage: (page: number, pageSize: number) => void;
  setFilter: (name: F, value: string) => void;
}

const positiveInt = (raw: string | null, fallback: number) => {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

/** Paging and filters live in the URL, so a list view can be bookmarked, shared and reloaded. */
export function useListParams<F extends string>(filterNames: readonly F[]): ListParams<F> {
  const [params, setParams] = useSearchParams();
  const page = positiveInt(params.get('page'), 1);
  const pageSize = positiveInt(params.get('pageSize'), appConfig.defaultPageSize);
  // A fresh object per render is fine: TanStack Query hashes query keys by value.
  const filters = Object.fromEntries(filterNames.map((n) => [n, params.get(n) ?? ''])) as Record<
    F,
    string
  >;

  const setPage = useCallback(
    (nextPage: number, nextSize: number) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.set('page', String(nextPage));
          next.set('pageSize', String(nextSize));
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  const setFilter = useCallback(
    (name: F, value: string) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(name, value);
          else next.delete(name);
          // A new filter starts from the first page.
          next.delete('page');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  return { page, pageSize, filters, setPage, setFilter };
}

/** A URL filter narrowed to the values an API accepts (anything else: no filter). */
export function oneOf<T extends string>(allowed: readonly T[], value: string): T | undefined {
  return (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}
