import { DataGrid, type DataGridProps, type GridValidRowModel } from '@mui/x-data-grid';
import { useTranslation } from 'react-i18next';
import { appConfig } from '@/config/app-config';

/** DataGrid wired for server-side paging: the API pages, the URL holds the page (1-based). */
export function ServerDataGrid<R extends GridValidRowModel>({
  rows,
  total,
  page,
  pageSize,
  onPageChange,
  loading,
  emptyLabel,
  hasNextPage,
  ...props
}: {
  rows: R[];
  total: number;
  page: number;
  pageSize: number;
  onPageChange: (page: number, pageSize: number) => void;
  loading?: boolean;
  emptyLabel: string;
  /** Set when `total` is only a lower bound (a capped count): the grid pages on "has more". */
  hasNextPage?: boolean;
} & Omit<
  DataGridProps<R>,
  | 'rows'
  | 'rowCount'
  | 'paginationModel'
  | 'onPaginationModelChange'
  | 'paginationMode'
  | 'loading'
  | 'paginationMeta'
>) {
  const { t } = useTranslation();
  return (
    <DataGrid
      autoHeight
      {...props}
      rows={rows}
      rowCount={hasNextPage === undefined ? total : -1}
      paginationMeta={hasNextPage === undefined ? undefined : { hasNextPage }}
      loading={loading}
      paginationMode="server"
      filterMode="server"
      sortingMode="server"
      disableColumnFilter
      disableColumnSorting
      pageSizeOptions={[...appConfig.pageSizeOptions]}
      paginationModel={{ page: page - 1, pageSize }}
      onPaginationModelChange={(model) => onPageChange(model.page + 1, model.pageSize)}
      localeText={{ noRowsLabel: emptyLabel, noResultsOverlayLabel: t('common.noResults') }}
    />
  );
}
