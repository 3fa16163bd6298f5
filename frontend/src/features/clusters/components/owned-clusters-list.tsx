import Add from '@mui/icons-material/Add';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Sync from '@mui/icons-material/Sync';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useOwnedClusters } from '../api/list-owned-clusters';
import { useDeleteOwnedCluster, useSyncOwnedCluster } from '../api/owned-cluster-mutations';
import type { ClusterView } from '../api/types';
import { ClusterRemoveDialog } from './cluster-remove-dialog';
import { ClusterStatusChip } from './cluster-status-chip';
import { ago } from './format';
import { useOwnedCompanyId } from './owned-company';

/**
 * A company's own (dedicated) clusters: its admins add, sync and remove them here; the staff pick
 * the company first. Guests found on them are the company's and appear with its other VMs.
 */
export function OwnedClustersListPage() {
  const { t } = useTranslation();
  const { companyId, pickable, pick } = useOwnedCompanyId();
  const companies = useCompanyOptions(pickable);
  const clusters = useOwnedClusters(companyId);
  const sync = useSyncOwnedCluster();
  const remove = useDeleteOwnedCluster();
  const [removing, setRemoving] = useState<ClusterView | null>(null);
  const options = companies.data ?? [];

  const columns: GridColDef<ClusterView>[] = [
    {
      field: 'name',
      headerName: t('clusters.fields.name'),
      flex: 1,
      minWidth: 200,
      renderCell: ({ row }) => (
        <Box sx={{ lineHeight: 1.3, py: 0.5 }}>
          <Typography fontWeight={600}>{row.name}</Typography>
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
        <Tooltip title={row.health.lastError ?? ''}>
          <span data-testid={`owned-status-${row.name}`}>
            <ClusterStatusChip status={row.health.status} />
          </span>
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
      field: 'lastSyncAt',
      headerName: t('clusters.owned.lastSync'),
      width: 120,
      renderCell: ({ row }) => <span>{ago(row.lastSyncAt)}</span>,
    },
    {
      field: 'actions',
      headerName: '',
      width: 110,
      sortable: false,
      renderCell: ({ row }) => (
        <>
          <Tooltip title={t('clusters.owned.sync')}>
            <IconButton
              aria-label={t('clusters.owned.syncNamed', { name: row.name })}
              disabled={sync.isPending}
              onClick={() => companyId && sync.mutate({ companyId, id: row.id })}
            >
              <Sync />
            </IconButton>
          </Tooltip>
          <Tooltip title={t('clusters.removeConfirm')}>
            <IconButton
              aria-label={t('clusters.owned.removeNamed', { name: row.name })}
              onClick={() => setRemoving(row)}
            >
              <DeleteOutline />
            </IconButton>
          </Tooltip>
        </>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('clusters.owned.title')}
        subtitle={t('clusters.owned.subtitle')}
        actions={
          companyId ? (
            <Button
              variant="contained"
              startIcon={<Add />}
              component={RouterLink}
              to={pickable ? `/my-clusters/new?companyId=${companyId}` : '/my-clusters/new'}
            >
              {t('clusters.add')}
            </Button>
          ) : undefined
        }
      />
      {pickable && (
        <Autocomplete
          sx={{ maxWidth: 420, mb: 2 }}
          options={options}
          loading={companies.isLoading}
          getOptionLabel={(o) => o.name}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          value={options.find((o) => o.id === companyId) ?? null}
          onChange={(_e, picked) => pick(picked?.id ?? null)}
          renderInput={(params) => <TextField {...params} label={t('clusters.owned.company')} />}
        />
      )}
      {!companyId && <Alert severity="info">{t('clusters.owned.pickCompany')}</Alert>}
      <ErrorAlert error={clusters.error ?? sync.error} sx={{ mb: 2 }} />
      {sync.isSuccess && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => sync.reset()}>
          {t('clusters.owned.syncQueued')}
        </Alert>
      )}
      {companyId && (
        <DataGrid
          autoHeight
          rows={clusters.data ?? []}
          columns={columns}
          loading={clusters.isLoading}
          rowHeight={60}
          disableRowSelectionOnClick
          hideFooter={(clusters.data?.length ?? 0) <= 50}
          localeText={{ noRowsLabel: t('clusters.owned.empty') }}
          aria-label={t('clusters.owned.title')}
        />
      )}
      <ClusterRemoveDialog
        open={!!removing}
        name={removing?.name ?? ''}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          companyId &&
          removing &&
          remove.mutate(
            { companyId, id: removing.id },
            {
              onSuccess: () => {
                setRemoving(null);
                remove.reset();
              },
            },
          )
        }
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
      />
    </>
  );
}
