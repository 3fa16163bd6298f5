import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { GridColDef, GridRowSelectionModel } from '@mui/x-data-grid';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { SearchField } from '@/components/search-field';
import { ServerDataGrid } from '@/components/server-data-grid';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useListParams } from '@/lib/use-list-params';
import { useClusters } from '../api/list-clusters';
import type { GuestView } from '../api/types';
import { useImportGuests, useUnassignedGuests } from '../api/unassigned-guests';
import { gib } from './format';

interface ImportOutcome {
  id: string;
  guest?: GuestView;
  imported: boolean;
}

/** Which of the selected guests now belong to the company, and which did not move (and why). */
function ImportOutcomeList({
  outcome,
  onClose,
}: {
  outcome: ImportOutcome[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const count = outcome.filter((o) => o.imported).length;
  return (
    <Alert
      severity={count === outcome.length ? 'success' : 'warning'}
      sx={{ mb: 2 }}
      onClose={onClose}
      data-testid="import-outcome"
    >
      <Typography variant="body2">{t('clusters.unassigned.imported', { count })}</Typography>
      <Box component="ul" sx={{ m: 0, pl: 2 }}>
        {outcome.map((o) => (
          <li key={o.id}>
            {o.guest ? `${o.guest.vmid} ${o.guest.name ?? ''} (${o.guest.clusterName})` : o.id}
            {': '}
            {o.imported
              ? t('clusters.unassigned.rowImported')
              : t('clusters.unassigned.rowSkipped')}
          </li>
        ))}
      </Box>
    </Alert>
  );
}

const EMPTY: GridRowSelectionModel = { type: 'include', ids: new Set() };

/** Guests found on Proxmox that no company owns yet; select some and import them to a company. */
export function UnassignedGuestsPage() {
  const { t } = useTranslation();
  const list = useListParams(['search', 'clusterId'] as const);
  const guests = useUnassignedGuests({ page: list.page, pageSize: list.pageSize, ...list.filters });
  const clusters = useClusters();
  const companies = useCompanyOptions();
  const importMutation = useImportGuests();
  const [selection, setSelection] = useState<GridRowSelectionModel>(EMPTY);
  const [companyId, setCompanyId] = useState('');
  const [outcome, setOutcome] = useState<ImportOutcome[] | null>(null);
  // Rows seen while selecting, so the per-guest result can name guests from other pages too.
  const [seen] = useState(() => new Map<string, GuestView>());
  for (const g of guests.data?.items ?? []) seen.set(g.id, g);

  const columns: GridColDef<GuestView>[] = [
    { field: 'vmid', headerName: t('clusters.unassigned.vmid'), width: 90 },
    { field: 'name', headerName: t('clusters.unassigned.name'), flex: 1, minWidth: 160 },
    { field: 'clusterName', headerName: t('clusters.unassigned.cluster'), width: 160 },
    { field: 'node', headerName: t('clusters.unassigned.node'), width: 110 },
    { field: 'kind', headerName: t('clusters.unassigned.kind'), width: 90 },
    { field: 'status', headerName: t('clusters.unassigned.status'), width: 100 },
    { field: 'maxcpu', headerName: t('clusters.unassigned.cpus'), width: 70 },
    {
      field: 'maxmemBytes',
      headerName: t('clusters.unassigned.memory'),
      width: 100,
      valueFormatter: (v: number | null) => gib(v),
    },
  ];

  // "Select all" answers with an exclude-list; on a server-paged grid that means this page.
  const selectedIds =
    selection.type === 'exclude'
      ? (guests.data?.items ?? []).filter((g) => !selection.ids.has(g.id)).map((g) => g.id)
      : [...selection.ids].map(String);
  const runImport = () =>
    importMutation.mutate(
      { guestIds: selectedIds, companyId },
      {
        onSuccess: (r) => {
          const imported = new Set(r.guestIds);
          setOutcome(
            selectedIds.map((id) => ({ id, guest: seen.get(id), imported: imported.has(id) })),
          );
          setSelection(EMPTY);
        },
      },
    );

  return (
    <>
      <PageHeader
        title={t('clusters.unassigned.title')}
        subtitle={t('clusters.unassigned.subtitle')}
      />
      <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <SearchField value={list.filters.search} onChange={(v) => list.setFilter('search', v)} />
        <TextField
          select
          label={t('clusters.unassigned.cluster')}
          value={list.filters.clusterId}
          onChange={(e) => list.setFilter('clusterId', e.target.value)}
          sx={{ width: 200 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          {(clusters.data ?? []).map((c) => (
            <MenuItem key={c.id} value={c.id}>
              {c.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={t('clusters.unassigned.company')}
          value={companyId}
          onChange={(e) => setCompanyId(e.target.value)}
          sx={{ width: 220 }}
        >
          {(companies.data ?? []).map((c) => (
            <MenuItem key={c.id} value={c.id}>
              {c.name}
            </MenuItem>
          ))}
        </TextField>
        <Button
          variant="contained"
          disabled={!companyId || selectedIds.length === 0 || importMutation.isPending}
          onClick={runImport}
        >
          {t('clusters.unassigned.import', { count: selectedIds.length })}
        </Button>
      </Box>
      {outcome && <ImportOutcomeList outcome={outcome} onClose={() => setOutcome(null)} />}
      <ErrorAlert error={guests.error ?? importMutation.error} sx={{ mb: 2 }} />
      <ServerDataGrid
        rows={guests.data?.items ?? []}
        total={guests.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={guests.isFetching}
        columns={columns}
        checkboxSelection
        keepNonExistentRowsSelected
        rowSelectionModel={selection}
        onRowSelectionModelChange={setSelection}
        emptyLabel={t('clusters.unassigned.empty')}
      />
    </>
  );
}
