import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import type { GridColDef } from '@mui/x-data-grid';
import type { EsxiSourceDto } from '@multpanel/contracts';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { ServerDataGrid } from '@/components/server-data-grid';
import { formatDateTime } from '@/lib/format-time';
import { useListParams } from '@/lib/use-list-params';
import { useEsxiSources } from '../api/sources';

export function EsxiSourcesListPage() {
  const { t } = useTranslation();
  const list = useListParams([] as const);
  const sources = useEsxiSources({ page: list.page, pageSize: list.pageSize });
  const columns: GridColDef<EsxiSourceDto>[] = [
    {
      field: 'name',
      headerName: t('esxi.fields.name'),
      flex: 1,
      minWidth: 160,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/esxi/${row.id}`}>
          {row.name}
        </Link>
      ),
    },
    {
      field: 'host',
      headerName: t('esxi.fields.host'),
      flex: 1,
      minWidth: 160,
      valueGetter: (_v, row) => `${row.host}:${row.port}`,
    },
    {
      field: 'apiType',
      headerName: t('esxi.fields.apiType'),
      width: 150,
      renderCell: ({ row }) =>
        row.apiType ? <Chip size="small" variant="outlined" label={row.apiType} /> : '—',
    },
    { field: 'version', headerName: t('esxi.fields.version'), width: 110 },
    { field: 'vmCount', headerName: t('esxi.fields.vmCount'), width: 80 },
    {
      field: 'lastDiscoveryAt',
      headerName: t('esxi.fields.lastDiscoveryAt'),
      width: 190,
      valueFormatter: (v: string | null) => formatDateTime(v),
    },
    {
      field: 'lastError',
      headerName: t('esxi.fields.lastError'),
      flex: 1,
      minWidth: 160,
      valueFormatter: (v: string | null) => v ?? '',
    },
  ];
  return (
    <>
      <PageHeader
        title={t('esxi.title')}
        subtitle={t('esxi.subtitle')}
        actions={
          <Button variant="contained" component={RouterLink} to="/esxi/new">
            {t('esxi.add')}
          </Button>
        }
      />
      {sources.error && <ErrorAlert error={sources.error} />}
      <ServerDataGrid
        rows={sources.data?.items ?? []}
        total={sources.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={sources.isLoading}
        emptyLabel={t('esxi.empty')}
        columns={columns}
      />
    </>
  );
}
