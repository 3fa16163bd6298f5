import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { type GridColDef } from '@mui/x-data-grid';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { ServerDataGrid } from '@/components/server-data-grid';
import { oneOf, type ListParams } from '@/lib/use-list-params';
import { BACKUP_RUN_STATUSES, type BackupRunDto } from '@multpanel/contracts';
import { useHistoryFilterOptions, type FilterOption } from '../api/history-filter-options';
import { useHistory } from '../api/list-history';
import { useSchedules } from '../api/list-schedules';
import { BackupStatusChip } from './backup-status-chip';
import { BackupSuccessRates } from './backup-success-rates';
import { formatWhen } from './format';

/** The history's filters, kept in the URL (the API filters and pages). */
export const HISTORY_FILTERS = [
  'status',
  'scheduleId',
  'guestId',
  'clusterId',
  'from',
  'to',
] as const;
export type HistoryFilter = (typeof HISTORY_FILTERS)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A URL value the API would refuse is no filter (the API answers 400 to it). */
const ifMatches = (re: RegExp, v: string) => (re.test(v) ? v : undefined);

/**
 * Success rates, then runs newest first, filtered by status, schedule, guest, cluster and planned
 * date range; a click opens the run's per-guest results.
 */
export function BackupHistoryList({
  list,
  onOpen,
}: {
  list: ListParams<HistoryFilter>;
  onOpen: (runId: string) => void;
}) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  // One URL change for every filter (setFilter per name would keep only the last one).
  const clearFilters = () =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const n of HISTORY_FILTERS) next.delete(n);
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  const f = list.filters;
  const from = ifMatches(DAY, f.from);
  const to = ifMatches(DAY, f.to);
  const badRange = !!from && !!to && from > to;
  const history = useHistory({
    page: list.page,
    pageSize: list.pageSize,
    status: oneOf(BACKUP_RUN_STATUSES, f.status),
    scheduleId: ifMatches(UUID, f.scheduleId),
    guestId: ifMatches(UUID, f.guestId),
    clusterId: ifMatches(UUID, f.clusterId),
    from,
    to: badRange ? undefined : to,
  });
  const schedules = useSchedules({ page: 1, pageSize: 200 });
  const options = useHistoryFilterOptions();
  const filtered = HISTORY_FILTERS.some((n) => f[n]);
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
  const picker = (name: 'scheduleId' | 'guestId' | 'clusterId', items: FilterOption[]) => (
    <TextField
      select
      label={t(`backups.history.filters.${name}`)}
      value={items.some((o) => o.id === f[name]) ? f[name] : ''}
      onChange={(e) => list.setFilter(name, e.target.value)}
      sx={{ width: 220 }}
    >
      <MenuItem value="">{t('common.all')}</MenuItem>
      {items.map((o) => (
        <MenuItem key={o.id} value={o.id}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <>
      <BackupSuccessRates />
      <Box
        sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap' }}
        role="search"
        aria-label={t('backups.history.filters.title')}
      >
        <TextField
          select
          label={t('backups.history.filterStatus')}
          value={oneOf(BACKUP_RUN_STATUSES, f.status) ?? ''}
          onChange={(e) => list.setFilter('status', e.target.value)}
          sx={{ width: 170 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          {BACKUP_RUN_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`backups.status.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        {picker(
          'scheduleId',
          (schedules.data?.items ?? []).map((s) => ({ id: s.id, label: s.name })),
        )}
        {picker('guestId', options.data?.guests ?? [])}
        {picker('clusterId', options.data?.clusters ?? [])}
        <TextField
          type="date"
          label={t('backups.history.filters.from')}
          value={from ?? ''}
          onChange={(e) => list.setFilter('from', e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
          sx={{ width: 170 }}
        />
        <TextField
          type="date"
          label={t('backups.history.filters.to')}
          value={to ?? ''}
          onChange={(e) => list.setFilter('to', e.target.value)}
          error={badRange}
          helperText={badRange ? t('backups.history.filters.badRange') : undefined}
          slotProps={{ inputLabel: { shrink: true } }}
          sx={{ width: 170 }}
        />
        {filtered && <Button onClick={clearFilters}>{t('backups.history.filters.clear')}</Button>}
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
        emptyLabel={t(filtered ? 'backups.history.emptyFiltered' : 'backups.history.empty')}
        aria-label={t('backups.tabs.history')}
      />
    </>
  );
}
