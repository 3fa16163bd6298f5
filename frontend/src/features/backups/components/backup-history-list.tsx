import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { type GridColDef } from '@mui/x-data-grid';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { ServerDataGrid } from '@/components/server-data-grid';
import { oneOf, type ListParams } from '@/lib/use-list-params';
import { BACKUP_RUN_STATUSES, type BackupRunDto } from '@multpanel/contracts';
import { useHistory } from '../api/list-history';
import { BackupStatusChip } from './backup-status-chip';
import { formatWhen } from './format';

/** Runs newest first with their success rate; a click opens the run's per-guest results. */
export function BackupHistoryList({
  list,
  onOpen,
}: {
  list: ListParams<'status'>;
  onOpen: (runId: string) => void;
}) {
  const { t } = useTranslation();
  const history = useHistory({
    page: list.page,
    pageSize: list.pageSize,
    status: oneOf(BACKUP_RUN_STATUSES, list.filters.status),
  });
  const columns: GridColDef<BackupRunDto>[] = [
    {
      field: 'plannedAt',
      headerName: t('backups.history.planned'),
      width: 190,
      valueGetter: (_, row) => formatWhen(row.plannedAt),
    },
    {
      field: 'scheduleName',
      headerName: t('backups.history.schedule'),
      flex: 1,
      minWidth: 160,
      valueGetter: (_, row) =>
        row.trigger === 'manual' && !row.scheduleName
          ? t('backups.history.manual')
          : (row.scheduleName ?? '—'),
    },
    {
      field: 'status',
      headerName: t('backups.history.status'),
      width: 140,
      renderCell: ({ row }) => <BackupStatusChip status={row.status} />,
    },
    { field: 'total', headerName: t('backups.history.results'), width: 90 },
    {
      field: 'succeeded',
      headerName: t('backups.history.successRate'),
      width: 110,
      valueGetter: (_, row) =>
        row.total ? `${Math.round((100 * row.succeeded) / row.total)} %` : '—',
    },
    { field: 'storage', headerName: t('backups.fields.storage'), width: 120 },
  ];
  return (
    <>
      <Box sx={{ display: 'flex', gap: 2, mb: 2 }}>
        <TextField
          select
          label={t('backups.history.filterStatus')}
          value={list.filters.status}
          onChange={(e) => list.setFilter('status', e.target.value)}
          sx={{ width: 200 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          {BACKUP_RUN_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`backups.status.${s}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <ErrorAlert error={history.error} sx={{ mb: 2 }} />
      <ServerDataGrid
        rows={history.data?.items ?? []}
        total={history.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={history.isFetching}
        columns={columns}
        onRowClick={({ row }) => onOpen(row.id)}
        emptyLabel={t('backups.history.empty')}
        aria-label={t('backups.tabs.history')}
      />
    </>
  );
}
