import EditOutlined from '@mui/icons-material/EditOutlined';
import PlayArrow from '@mui/icons-material/PlayArrow';
import VerifiedOutlined from '@mui/icons-material/VerifiedOutlined';
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import { GridActionsCellItem, type GridColDef } from '@mui/x-data-grid';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { ServerDataGrid } from '@/components/server-data-grid';
import type { ListParams } from '@/lib/use-list-params';
import type { BackupScheduleDto } from '@multpanel/contracts';
import { useDeleteSchedule } from '../api/delete-schedule';
import { useSchedules } from '../api/list-schedules';
import { useRunSchedule } from '../api/run-schedule';
import { useTestRestores } from '../api/test-restores';
import { useConfirmedDelete, when } from './list-parts';

/** The schedules: on/off, when, where, retention; run now, test restores now, edit, delete. */
export function BackupSchedulesList({
  list,
  onRunStarted,
}: {
  list: ListParams<never>;
  onRunStarted: (runId: string) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const schedules = useSchedules({ page: list.page, pageSize: list.pageSize });
  const run = useRunSchedule();
  const test = useTestRestores();
  const remove = useDeleteSchedule();
  const confirmedDelete = useConfirmedDelete<BackupScheduleDto>(remove, 'schedules');

  const columns: GridColDef<BackupScheduleDto>[] = [
    { field: 'name', headerName: t('backups.fields.name'), flex: 1, minWidth: 160 },
    {
      field: 'enabled',
      headerName: t('backups.fields.enabled'),
      width: 90,
      renderCell: ({ row }) => (
        <Chip
          size="small"
          variant="outlined"
          color={row.enabled ? 'success' : 'default'}
          label={t(row.enabled ? 'backups.schedules.enabled' : 'backups.schedules.disabled')}
        />
      ),
    },
    {
      field: 'cron',
      headerName: t('backups.fields.timezone'),
      width: 200,
      valueGetter: (_, row) => `${row.cron} (${row.timezone})`,
    },
    { field: 'storage', headerName: t('backups.fields.storage'), width: 120 },
    {
      field: 'retention',
      headerName: t('backups.fields.keepLast'),
      width: 100,
      valueGetter: (_, row) => row.retention.keepLast ?? '—',
    },
    {
      field: 'nextRunAt',
      headerName: t('backups.schedules.next'),
      width: 180,
      valueGetter: (_, row) => when(row.nextRunAt),
    },
    {
      field: 'actions',
      type: 'actions',
      width: 170,
      getActions: ({ row }) => [
        <GridActionsCellItem
          key="run"
          icon={<PlayArrow />}
          label={t('backups.schedules.runNow')}
          onClick={() => run.mutate(row.id, { onSuccess: (r) => onRunStarted(r.runId) })}
        />,
        <GridActionsCellItem
          key="test"
          icon={<VerifiedOutlined />}
          label={t('backups.schedules.testNow')}
          onClick={() => test.mutate(row.id)}
        />,
        <GridActionsCellItem
          key="edit"
          icon={<EditOutlined />}
          label={t('common.edit')}
          onClick={() => void navigate(`/backups/schedules/${row.id}/edit`)}
        />,
        confirmedDelete.action(row),
      ],
    },
  ];

  return (
    <>
      <ErrorAlert error={schedules.error ?? run.error ?? test.error} sx={{ mb: 2 }} />
      {run.isSuccess && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('backups.schedules.runStarted')}
        </Alert>
      )}
      {test.data && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('backups.schedules.testStarted', { ...test.data })}
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
        emptyLabel={t('backups.schedules.empty')}
        aria-label={t('backups.tabs.schedules')}
      />
      {confirmedDelete.dialog}
    </>
  );
}
