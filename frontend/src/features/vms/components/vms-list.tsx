import Add from '@mui/icons-material/Add';
import ComputerOutlined from '@mui/icons-material/ComputerOutlined';
import Inventory2Outlined from '@mui/icons-material/Inventory2Outlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import { DataGrid, type GridColDef, type GridRowSelectionModel } from '@mui/x-data-grid';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router-dom';
import { appConfig } from '@/config/app-config';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { SearchField } from '@/components/search-field';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useSession } from '@/lib/session-store';
import { Slot } from '@/lib/slots';
import { useClusterOptions } from '@/lib/queries/clusters';
import { useVms } from '../api/list-vms';
import type { VmSummary } from '../api/types';
import { BulkActions } from './bulk-actions';
import { formatBytes } from './format';
import { SORTABLE, useVmListParams } from './use-vm-list-params';
import { VmStatusChip } from './vm-status-chip';

const STATUSES = ['running', 'stopped', 'paused'] as const;
const EMPTY_SELECTION: GridRowSelectionModel = { type: 'include', ids: new Set() };

/** Guests (VMs and containers) the caller may see; the server pages, sorts and filters. */
export function VmsListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const authz = useAuthorization();
  const session = useSession();
  const list = useVmListParams();
  const vms = useVms(list.query);
  const [selection, setSelection] = useState<GridRowSelectionModel>(EMPTY_SELECTION);

  const isStaff = authz.role === 'super_admin' || authz.role === 'salesperson';
  const companies = useCompanyOptions(isStaff);
  const clusters = useClusterOptions(authz.has(perm.clustersRead));
  const canBulk = authz.has(perm.vmsPower) || authz.has(perm.vmsSnapshot);
  const ownCompany = session.status === 'authenticated' ? session.user.companyId : null;
  const quotaCompany =
    authz.role === 'company_admin' ? ownCompany : isStaff ? list.filters.companyId || null : null;

  // Columns are stable across renders: at 10,000 guests the grid must not rebuild them per page.
  const columns = useMemo<GridColDef<VmSummary>[]>(() => {
    const sortable = (field: string) => (SORTABLE as readonly string[]).includes(field);
    const cols: GridColDef<VmSummary>[] = [
      {
        field: 'name',
        headerName: t('vms.fields.name'),
        flex: 1,
        minWidth: 180,
        renderCell: ({ row }) => (
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, height: '100%' }}>
            <Tooltip title={t(`vms.kind.${row.kind}`)}>
              {row.kind === 'lxc' ? (
                <Inventory2Outlined fontSize="small" aria-label={t('vms.kind.lxc')} />
              ) : (
                <ComputerOutlined fontSize="small" aria-label={t('vms.kind.qemu')} />
              )}
            </Tooltip>
            <RouterLink to={`/vms/${row.id}`} style={{ color: 'inherit' }}>
              {row.name}
            </RouterLink>
            {row.template && <Chip label={t('vms.template')} variant="outlined" />}
          </Box>
        ),
      },
      {
        field: 'status',
        headerName: t('vms.fields.status'),
        width: 140,
        renderCell: ({ row }) => <VmStatusChip status={row.status} lock={row.lock} />,
      },
      { field: 'vmid', headerName: t('vms.fields.vmid'), width: 90 },
      { field: 'node', headerName: t('vms.fields.node'), width: 120 },
      { field: 'clusterName', headerName: t('vms.fields.cluster'), width: 140 },
      ...(isStaff
        ? [
            {
              field: 'companyName',
              headerName: t('vms.fields.company'),
              width: 150,
            } as GridColDef<VmSummary>,
          ]
        : []),
      { field: 'cpus', headerName: t('vms.fields.cpus'), width: 80, type: 'number' },
      {
        field: 'maxmem',
        headerName: t('vms.fields.memory'),
        width: 110,
        valueFormatter: (value: number) => formatBytes(value),
      },
      {
        field: 'maxdisk',
        headerName: t('vms.fields.disk'),
        width: 110,
        valueFormatter: (value: number) => formatBytes(value),
      },
      {
        field: 'tags',
        headerName: t('vms.fields.tags'),
        flex: 0.8,
        minWidth: 120,
        renderCell: ({ row }) => (
          <Box sx={{ display: 'flex', gap: 0.5, alignItems: 'center', height: '100%' }}>
            {row.tags.map((tag) => (
              <Chip key={tag} label={tag} variant="outlined" />
            ))}
          </Box>
        ),
      },
    ];
    return cols.map((c) => ({ ...c, sortable: sortable(c.field) }));
  }, [t, isStaff]);

  const rows = vms.data?.items ?? [];
  // "Select all" gives an exclude model (every row but `ids`); the grid holds one server page,
  // so that means this page's rows.
  const selectedRows = rows.filter(
    (r) => selection.ids.has(r.id) === (selection.type === 'include'),
  );

  return (
    <>
      <PageHeader
        title={t('vms.title')}
        subtitle={t('vms.subtitle')}
        actions={
          authz.has(perm.vmsCreate) && (
            <Button variant="contained" startIcon={<Add />} component={RouterLink} to="/vms/new">
              {t('vms.create.action')}
            </Button>
          )
        }
      />
      {quotaCompany && <Slot name="guests.list.top" companyId={quotaCompany} />}
      <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <SearchField value={list.filters.search} onChange={(v) => list.setFilter('search', v)} />
        <TextField
          select
          label={t('vms.fields.type')}
          value={list.filters.type}
          onChange={(e) => list.setFilter('type', e.target.value)}
          sx={{ width: 150 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          <MenuItem value="qemu">{t('vms.kind.qemu')}</MenuItem>
          <MenuItem value="lxc">{t('vms.kind.lxc')}</MenuItem>
        </TextField>
        <TextField
          select
          label={t('vms.fields.status')}
          value={list.filters.status}
          onChange={(e) => list.setFilter('status', e.target.value)}
          sx={{ width: 150 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          {STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`vms.status.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        {isStaff && (
          <TextField
            select
            label={t('vms.fields.company')}
            value={list.filters.companyId}
            onChange={(e) => list.setFilter('companyId', e.target.value)}
            sx={{ width: 180 }}
          >
            <MenuItem value="">{t('common.all')}</MenuItem>
            {(companies.data ?? []).map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
        )}
        {clusters.data && (
          <TextField
            select
            label={t('vms.fields.cluster')}
            value={list.filters.clusterId}
            onChange={(e) => list.setFilter('clusterId', e.target.value)}
            sx={{ width: 180 }}
          >
            <MenuItem value="">{t('common.all')}</MenuItem>
            {clusters.data.map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
        )}
        <FilterText
          label={t('vms.fields.node')}
          value={list.filters.node}
          onCommit={(v) => list.setFilter('node', v)}
        />
        <FilterText
          label={t('vms.fields.tag')}
          value={list.filters.tag}
          onCommit={(v) => list.setFilter('tag', v)}
        />
      </Box>
      <ErrorAlert error={vms.error} sx={{ mb: 2 }} />
      {canBulk && selectedRows.length > 0 && (
        <BulkActions selected={selectedRows} onDone={() => setSelection(EMPTY_SELECTION)} />
      )}
      <DataGrid
        autoHeight
        rows={rows}
        columns={columns}
        rowCount={vms.data?.total ?? 0}
        loading={vms.isFetching && !vms.data}
        paginationMode="server"
        sortingMode="server"
        filterMode="server"
        disableColumnFilter
        pageSizeOptions={[...appConfig.pageSizeOptions]}
        paginationModel={{ page: list.page - 1, pageSize: list.pageSize }}
        onPaginationModelChange={(m) => {
          setSelection(EMPTY_SELECTION);
          list.setPage(m.page + 1, m.pageSize);
        }}
        sortModel={list.sortModel}
        onSortModelChange={list.setSort}
        checkboxSelection={canBulk}
        disableRowSelectionOnClick
        rowSelectionModel={selection}
        onRowSelectionModelChange={setSelection}
        onCellClick={({ field, row }) => {
          // The checkbox column selects; every other cell opens the guest.
          if (field !== '__check__') void navigate(`/vms/${row.id}`);
        }}
        localeText={{ noRowsLabel: t('vms.empty'), noResultsOverlayLabel: t('common.noResults') }}
        aria-label={t('vms.title')}
        sx={{ '& .MuiDataGrid-row': { cursor: 'pointer' } }}
      />
    </>
  );
}

/** A small text filter that writes to the URL on Enter or blur (not per keystroke). */
function FilterText({
  label,
  value,
  onCommit,
}: {
  label: string;
  value: string;
  onCommit: (value: string) => void;
}) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
  }
  const commit = () => draft.trim() !== value && onCommit(draft.trim());
  return (
    <TextField
      label={label}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      sx={{ width: 140 }}
    />
  );
}
