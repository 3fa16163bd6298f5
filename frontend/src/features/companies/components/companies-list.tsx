import Add from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { GridActionsCellItem, type GridColDef } from '@mui/x-data-grid';
import EditOutlined from '@mui/icons-material/EditOutlined';
import BlockOutlined from '@mui/icons-material/BlockOutlined';
import PlayCircleOutline from '@mui/icons-material/PlayCircleOutline';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { SearchField } from '@/components/search-field';
import { ServerDataGrid } from '@/components/server-data-grid';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { oneOf, useListParams } from '@/lib/use-list-params';
import { useCompanies } from '../api/list-companies';
import { useSetCompanyStatus } from '../api/set-company-status';
import { COMPANY_STATUSES, type CompanyView } from '@multpanel/contracts';

export function CompaniesListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const authz = useAuthorization();
  const list = useListParams(['search', 'status'] as const);
  const companies = useCompanies({
    page: list.page,
    pageSize: list.pageSize,
    search: list.filters.search,
    status: oneOf(COMPANY_STATUSES, list.filters.status),
  });
  const statusMutation = useSetCompanyStatus();
  const [target, setTarget] = useState<CompanyView | null>(null);

  const canEdit = authz.has(perm.companiesUpdate);
  const canSuspend = authz.has(perm.companiesSuspend);

  const columns: GridColDef<CompanyView>[] = [
    {
      field: 'name',
      headerName: t('companies.fields.name'),
      flex: 1,
      minWidth: 180,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/companies/${row.id}`}>
          {row.name}
        </Link>
      ),
    },
    {
      field: 'guests',
      headerName: t('companies.overview.guests'),
      width: 90,
      sortable: false,
      valueGetter: (_v, row) => row.usage?.guests,
    },
    {
      field: 'users',
      headerName: t('companies.overview.users'),
      width: 90,
      sortable: false,
      valueGetter: (_v, row) => row.userCount,
    },
    {
      field: 'usage',
      headerName: t('companies.overview.inUse'),
      width: 230,
      sortable: false,
      valueGetter: (_v, row) =>
        row.usage &&
        t('companies.overview.usage', {
          vcpus: row.usage.vcpus,
          memory: (row.usage.memoryMb / 1024).toFixed(1),
          disk: row.usage.diskGb,
        }),
    },
    {
      field: 'status',
      headerName: t('companies.fields.status'),
      width: 130,
      renderCell: ({ row }) => (
        <Chip
          label={t(`companies.status.${row.status}`)}
          color={row.status === 'active' ? 'success' : 'warning'}
          variant="outlined"
        />
      ),
    },
    {
      field: 'contactEmail',
      headerName: t('companies.fields.contactEmail'),
      flex: 1,
      minWidth: 180,
    },
    {
      field: 'actions',
      type: 'actions',
      width: 100,
      getActions: ({ row }) => [
        ...(canEdit
          ? [
              <GridActionsCellItem
                key="edit"
                icon={<EditOutlined />}
                label={t('common.edit')}
                onClick={() => void navigate(`/companies/${row.id}/edit`)}
              />,
            ]
          : []),
        ...(canSuspend
          ? [
              <GridActionsCellItem
                key="status"
                icon={row.status === 'active' ? <BlockOutlined /> : <PlayCircleOutline />}
                label={t(row.status === 'active' ? 'companies.suspend' : 'companies.resume')}
                onClick={() => {
                  statusMutation.reset();
                  setTarget(row);
                }}
              />,
            ]
          : []),
      ],
    },
  ];

  const suspending = target?.status === 'active';

  return (
    <>
      <PageHeader
        title={t('companies.title')}
        subtitle={t('companies.subtitle')}
        actions={
          authz.has(perm.companiesCreate) && (
            <Button
              variant="contained"
              startIcon={<Add />}
              component={RouterLink}
              to="/companies/new"
            >
              {t('companies.create')}
            </Button>
          )
        }
      />
      <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <SearchField value={list.filters.search} onChange={(v) => list.setFilter('search', v)} />
        <TextField
          select
          label={t('companies.fields.status')}
          value={list.filters.status}
          onChange={(e) => list.setFilter('status', e.target.value)}
          sx={{ width: 180 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          <MenuItem value="active">{t('companies.status.active')}</MenuItem>
          <MenuItem value="suspended">{t('companies.status.suspended')}</MenuItem>
        </TextField>
      </Box>
      <ErrorAlert error={companies.error} sx={{ mb: 2 }} />
      <ServerDataGrid
        rows={companies.data?.items ?? []}
        total={companies.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={companies.isFetching}
        columns={columns}
        emptyLabel={t('companies.empty')}
        aria-label={t('companies.title')}
      />
      <ConfirmDialog
        open={!!target}
        title={t(suspending ? 'companies.suspendTitle' : 'companies.resumeTitle', {
          name: target?.name,
        })}
        message={t(suspending ? 'companies.suspendMessage' : 'companies.resumeMessage', {
          name: target?.name,
        })}
        confirmLabel={t(suspending ? 'companies.suspend' : 'companies.resume')}
        destructive={suspending}
        pending={statusMutation.isPending}
        error={statusMutation.error}
        onClose={() => setTarget(null)}
        onConfirm={() =>
          target &&
          statusMutation.mutate(
            { id: target.id, status: suspending ? 'suspended' : 'active' },
            { onSuccess: () => setTarget(null) },
          )
        }
      />
    </>
  );
}
