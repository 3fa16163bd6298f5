import OpenInNew from '@mui/icons-material/OpenInNew';
import Sync from '@mui/icons-material/Sync';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import { GridActionsCellItem, type GridColDef } from '@mui/x-data-grid';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { ServerDataGrid } from '@/components/server-data-grid';
import type { ListParams } from '@/lib/use-list-params';
import type { DrPairDto } from '@multpanel/contracts';
import { useDeleteDrPair, useDrPairs, useSyncDrPair, useUpdateDrPair } from '../api/dr-pairs';
import { DrPairDialog } from './dr-pair-show';
import { enabledColumn, useConfirmedDelete, when } from './list-parts';

/** DR pairs: on/off, where copies go, how many guests are stale; sync now, open, delete. */
export function DrPairsList({ list }: { list: ListParams<never> }) {
  const { t } = useTranslation();
  const pairs = useDrPairs({ page: list.page, pageSize: list.pageSize });
  const sync = useSyncDrPair();
  const update = useUpdateDrPair();
  const remove = useDeleteDrPair();
  const confirmedDelete = useConfirmedDelete<DrPairDto>(remove, 'dr');
  const [open, setOpen] = useState<string | null>(null);

  const columns: GridColDef<DrPairDto>[] = [
    { field: 'name', headerName: t('backups.fields.name'), flex: 1, minWidth: 160 },
    enabledColumn(t('backups.fields.enabled'), (id, enabled) =>
      update.mutate({ id, input: { enabled } }),
    ),
    {
      field: 'policy',
      headerName: t('backups.dr.policy'),
      width: 130,
      valueGetter: (_, row) => t(`backups.dr.policies.${row.policy}`),
    },
    {
      field: 'targetStorage',
      headerName: t('backups.dr.target'),
      width: 200,
      valueGetter: (_, row) => `${row.targetNode} · ${row.targetStorage}`,
    },
    {
      field: 'guestIds',
      headerName: t('backups.fields.guests'),
      width: 90,
      valueGetter: (_, row) => row.guestIds.length,
    },
    {
      field: 'staleGuests',
      headerName: t('backups.dr.stale'),
      width: 110,
      renderCell: ({ row }) =>
        row.staleGuests ? (
          <Chip size="small" color="warning" label={row.staleGuests} />
        ) : (
          <Chip size="small" color="success" label={t('backups.dr.fresh')} />
        ),
    },
    {
      field: 'lastSyncAt',
      headerName: t('backups.dr.lastSync'),
      width: 170,
      valueGetter: (_, row) => when(row.lastSyncAt),
    },
    {
      field: 'actions',
      type: 'actions',
      width: 130,
      getActions: ({ row }) => [
        <GridActionsCellItem
          key="open"
          icon={<OpenInNew />}
          label={t('backups.dr.open')}
          onClick={() => setOpen(row.id)}
        />,
        <GridActionsCellItem
          key="sync"
          icon={<Sync />}
          label={t('backups.dr.syncNow')}
          onClick={() => sync.mutate(row.id)}
        />,
        confirmedDelete.action(row),
      ],
    },
  ];

  return (
    <>
      <ErrorAlert error={pairs.error ?? sync.error ?? update.error} sx={{ mb: 2 }} />
      {sync.data && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('backups.dr.syncStarted', { count: sync.data.jobs })}
        </Alert>
      )}
      <ServerDataGrid
        rows={pairs.data?.items ?? []}
        total={pairs.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={pairs.isFetching}
        columns={columns}
        emptyLabel={t('backups.dr.empty')}
        aria-label={t('backups.tabs.dr')}
      />
      {open && <DrPairDialog id={open} onClose={() => setOpen(null)} />}
      {confirmedDelete.dialog}
    </>
  );
}
