import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import type { GridColDef } from '@mui/x-data-grid';
import type { EsxiProjectPage } from '@multpanel/contracts';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { ServerDataGrid } from '@/components/server-data-grid';
import { Can } from '@/lib/authorization';
import { formatDateTime } from '@/lib/format-time';
import { perm } from '@/lib/permission-keys';
import { useListParams } from '@/lib/use-list-params';
import { useEsxiProjects } from '../api/projects';

type Row = EsxiProjectPage['items'][number];

/** Migration projects: staff plan and run them; a customer sees its own company's. */
export function EsxiProjectsListPage() {
  const { t } = useTranslation();
  const list = useListParams([] as const);
  const projects = useEsxiProjects({ page: list.page, pageSize: list.pageSize });
  const columns: GridColDef<Row>[] = [
    {
      field: 'name',
      headerName: t('esxiProjects.fields.name'),
      flex: 1,
      minWidth: 180,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/esxi-projects/${row.id}`}>
          {row.name}
        </Link>
      ),
    },
    { field: 'node', headerName: t('esxi.fields.node'), width: 140 },
    { field: 'storage', headerName: t('esxi.fields.storage'), width: 140 },
    {
      field: 'createdAt',
      headerName: t('esxiProjects.fields.createdAt'),
      width: 200,
      valueFormatter: (v: string) => formatDateTime(v),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('esxiProjects.title')}
        subtitle={t('esxiProjects.subtitle')}
        actions={
          <Can permission={perm.esxiManage}>
            <Button variant="contained" component={RouterLink} to="/esxi-projects/new">
              {t('esxiProjects.create')}
            </Button>
          </Can>
        }
      />
      {projects.error && <ErrorAlert error={projects.error} />}
      <ServerDataGrid
        rows={projects.data?.items ?? []}
        total={projects.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={projects.isLoading}
        emptyLabel={t('esxiProjects.empty')}
        columns={columns}
      />
    </>
  );
}
