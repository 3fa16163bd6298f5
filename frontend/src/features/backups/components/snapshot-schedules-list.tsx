import PlayArrow from '@mui/icons-material/PlayArrow';
import Alert from '@mui/material/Alert';
import { GridActionsCellItem, type GridColDef } from '@mui/x-data-grid';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { ServerDataGrid } from '@/components/server-data-grid';
import type { ListParams } from '@/lib/use-list-params';
import type { SnapshotScheduleDto } from '@multpanel/contracts';
import {
  useDeleteSnapshotSchedule,
  useRunSnapshotSchedule,
  useSnapshotSchedules,
  useUpdateSnapshotSchedule,
} from '../api/snapshot-schedules';
import { enabledColumn, useConfirmedDelete, when } from './list-parts';

/** Snapshot schedules: on/off, when, retention, the names they give; take now, delete. */
export function SnapshotSchedulesList({ list }: { list: ListParams<never> }) {
  const { t } = useTranslation();
  const schedules = useSnapshotSchedules({ page: list.page, pageSize: list.pageSize });
  const run = useRunSnapshotSchedule();
  const update = useUpdateSnapshotSchedule();
  const remove = useDeleteSnapshotSchedule();
  const confirmedDelete = useConfirmedDelete<SnapshotScheduleDto>(remove, 'snapshots');

  const columns: GridColDef<SnapshotScheduleDto>[] = [
    { field: 'name', headerName: t('backups.fields.name'), flex: 1, minWidth: 160 },
    enabledColumn(t('backups.fields.enabled'), (id, enabled) =>
      update.mutate({ id, input: { enabled } }),
    ),
    {
      field: 'cron',
      headerName: t('backups.fields.timezone'),
      width: 190,
      valueGetter: (_, row) => `${row.cron} (${row.timezone})`,
    },
    {
      field: 'keepLast',
      headerName: t('backups.snapshots.retention'),
      width: 170,
      valueGetter: (_, row) =>
        row.maxAgeHours
          ? t('backups.snapshots.keepWithAge', { count: row.keepLast, hours: row.maxAgeHours })
          : t('backups.snapshots.keep', { count: row.keepLast }),
    },
    {
      field: 'tag',
      headerName: t('backups.snapshots.names'),
      width: 230,
      valueGetter: (_, row) => `auto_${row.tag}_…`,
    },
    {
      field: 'nextRunAt',
      headerName: t('backups.schedules.next'),
      width: 170,
      valueGetter: (_, row) => when(row.nextRunAt),
    },
    {
      field: 'lastRunAt',
      headerName: t('backups.schedules.last'),
      width: 170,
      valueGetter: (_, row) => when(row.lastRunAt),
    },
    {
      field: 'actions',
      type: 'actions',
      width: 100,
      getActions: ({ row }) => [
        <GridActionsCellItem
          key="run"
          icon={<PlayArrow />}
          label={t('backups.snapshots.runNow')}
          onClick={() => run.mutate(row.id)}
        />,
        confirmedDelete.action(row),
      ],
    },
  ];

  return (
    <>
      <ErrorAlert error={schedules.error ?? run.error ?? update.error} sx={{ mb: 2 }} />
      {run.data && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('backups.snapshots.runStarted', { name: run.data.snapshot, count: run.data.jobs })}
        </Alert>
      )}
      <ServerDataGrid
        rows={schedules.data?.items ?? []}
        total={schedules.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={schedules.isFetching}
        columns={columns}
        emptyLabel={t('backups.snapshots.empty')}
        aria-label={t('backups.tabs.snapshots')}
      />
      {confirmedDelete.dialog}
    </>
  );
}
