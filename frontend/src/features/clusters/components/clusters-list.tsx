import Add from '@mui/icons-material/Add';
import NetworkCheck from '@mui/icons-material/NetworkCheck';
import UploadFile from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { DataGrid, type GridColDef, type GridRowSelectionModel } from '@mui/x-data-grid';
import { Permission } from '@multpanel/contracts/permissions';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useBulkTestClusters } from '../api/cluster-mutations';
import { useClusters } from '../api/list-clusters';
import type { ClusterView } from '../api/types';
import { useClusterHealthLive } from '../live/use-cluster-health-live';
import { BulkTestResults } from './bulk-test-results';
import { ClusterStatusChip } from './cluster-status-chip';
import { ago, ms, percent } from './format';
import { useNow } from './use-now';

const EMPTY: GridRowSelectionModel = { type: 'include', ids: new Set() };

/** Every cluster with its live health; offline ones are called out above the grid. */
export function ClustersListPage() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const clusters = useClusters();
  const canManage = authz.has(Permission.ClusterManage);
  const live = useClusterHealthLive(canManage);
  useNow(15_000);
  const bulkTest = useBulkTestClusters();
  const [selection, setSelection] = useState<GridRowSelectionModel>(EMPTY);
  const rows = clusters.data ?? [];
  const owned = rows.some((c) => c.ownerCompanyId);
  const companies = useCompanyOptions(owned);
  const companyName = (id: string) => companies.data?.find((c) => c.id === id)?.name ?? id;
  const offline = rows.filter((c) => c.health.status === 'offline');
  // "Select all" answers with an exclude-list: everything except the ids given.
  const selectedIds =
    selection.type === 'exclude'
      ? rows.filter((r) => !selection.ids.has(r.id)).map((r) => r.id)
      : [...selection.ids].map(String);

  const columns: GridColDef<ClusterView>[] = [
    {
      field: 'name',
      headerName: t('clusters.fields.name'),
      flex: 1,
      minWidth: 200,
      renderCell: ({ row }) => (
        <Box sx={{ lineHeight: 1.3, py: 0.5 }}>
          <Link component={RouterLink} to={`/clusters/${row.id}`} fontWeight={600}>
            {row.name}
          </Link>
          <Typography variant="body2" color="text.secondary" noWrap>
            {row.endpoints.map((e) => e.url).join(', ')}
          </Typography>
        </Box>
      ),
    },
    {
      field: 'status',
      headerName: t('clusters.fields.status'),
      width: 130,
      valueGetter: (_v, row) => row.health.status,
      renderCell: ({ row }) => (
        <Box component="span" data-testid={`cluster-status-${row.name}`}>
          <Tooltip title={row.health.lastError ?? ''}>
            <span>
              <ClusterStatusChip status={row.health.status} />
            </span>
          </Tooltip>
        </Box>
      ),
    },
    {
      field: 'latency',
      headerName: t('clusters.fields.latency'),
      width: 120,
      valueGetter: (_v, row) => row.health.lastLatencyMs,
      valueFormatter: (v: number | null) => ms(v),
    },
    {
      field: 'successRate',
      headerName: t('clusters.fields.successRate'),
      width: 110,
      valueGetter: (_v, row) => row.health.successRate,
      valueFormatter: (v: number | null) => percent(v),
    },
    {
      field: 'lastCheckAt',
      headerName: t('clusters.fields.lastCheck'),
      width: 120,
      valueGetter: (_v, row) => row.health.lastCheckAt,
      renderCell: ({ row }) => (
        <Tooltip title={row.health.lastCheckAt ?? ''}>
          <span>{ago(row.health.lastCheckAt)}</span>
        </Tooltip>
      ),
    },
    {
      field: 'pveVersion',
      headerName: t('clusters.fields.version'),
      width: 100,
      valueFormatter: (v: string | null) => v ?? '–',
    },
    {
      field: 'nodes',
      headerName: t('clusters.fields.nodes'),
      type: 'number',
      width: 80,
      valueGetter: (_v, row) => row.counts.nodes,
    },
    {
      field: 'guests',
      headerName: t('clusters.fields.guests'),
      type: 'number',
      width: 80,
      valueGetter: (_v, row) => row.counts.guests,
    },
    {
      field: 'unassigned',
      headerName: t('clusters.fields.unassigned'),
      type: 'number',
      width: 110,
      valueGetter: (_v, row) => row.counts.unassignedGuests,
      renderCell: ({ row }) =>
        row.counts.unassignedGuests > 0 ? (
          <Link component={RouterLink} to={`/clusters/unassigned?clusterId=${row.id}`}>
            {row.counts.unassignedGuests}
          </Link>
        ) : (
          0
        ),
    },
    {
      field: 'owner',
      headerName: t('clusters.fields.owner'),
      width: 150,
      valueGetter: (_v, row) =>
        row.ownerCompanyId ? companyName(row.ownerCompanyId) : t('clusters.fields.msp'),
    },
    {
      field: 'location',
      headerName: t('clusters.fields.location'),
      width: 140,
      valueGetter: (_v, row) => [row.location, ...row.tags].filter(Boolean).join(' · '),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('clusters.title')}
        subtitle={t('clusters.subtitle')}
        actions={
          <>
            <Button component={RouterLink} to="/clusters/unassigned">
              {t('clusters.unassigned.nav')}
            </Button>
            {canManage && (
              <Button component={RouterLink} to="/clusters/import" startIcon={<UploadFile />}>
                {t('clusters.csv.nav')}
              </Button>
            )}
            {canManage && (
              <Button
                variant="contained"
                startIcon={<Add />}
                component={RouterLink}
                to="/clusters/new"
              >
                {t('clusters.add')}
              </Button>
            )}
          </>
        }
      />
      <ErrorAlert error={clusters.error ?? bulkTest.error} sx={{ mb: 2 }} />
      {offline.length > 0 && (
        <Alert severity="error" sx={{ mb: 2 }} role="alert">
          {t('clusters.offlineBanner', {
            count: offline.length,
            names: offline.map((c) => c.name).join(', '),
          })}
        </Alert>
      )}
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1 }}>
        {canManage && (
          <Button
            variant="outlined"
            startIcon={<NetworkCheck />}
            disabled={selectedIds.length === 0 || bulkTest.isPending}
            onClick={() => bulkTest.mutate(selectedIds)}
          >
            {t('clusters.bulkTest', { count: selectedIds.length })}
          </Button>
        )}
        {canManage && (
          <Typography variant="body2" color="text.secondary" data-testid="live-state">
            {live ? t('clusters.live.on') : t('clusters.live.off')}
          </Typography>
        )}
      </Box>
      {bulkTest.data && <BulkTestResults rows={bulkTest.data} onClose={() => bulkTest.reset()} />}
      <DataGrid
        autoHeight
        rows={rows}
        columns={columns}
        loading={clusters.isLoading}
        rowHeight={60}
        checkboxSelection={canManage}
        rowSelectionModel={selection}
        onRowSelectionModelChange={setSelection}
        disableRowSelectionOnClick
        getRowClassName={({ row }) => (row.health.status === 'offline' ? 'cluster-offline' : '')}
        pageSizeOptions={[25, 50, 100]}
        initialState={{ pagination: { paginationModel: { pageSize: 50 } } }}
        localeText={{ noRowsLabel: t('clusters.empty') }}
        aria-label={t('clusters.title')}
        sx={{ '& .cluster-offline': { bgcolor: 'rgba(211, 47, 47, 0.08)' } }}
      />
    </>
  );
}
