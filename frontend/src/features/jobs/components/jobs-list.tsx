import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import type { GridColDef } from '@mui/x-data-grid';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { ServerDataGrid } from '@/components/server-data-grid';
import { oneOf, useListParams } from '@/lib/use-list-params';
import { useJobs } from '@/lib/jobs/list-jobs';
import { JOB_STATUSES, jobErrorText, type Job } from '@/lib/jobs/types';
import { jobTypeLabel } from '@/lib/jobs/job-labels';
import { JobStatusChip } from '@/components/jobs/job-status-chip';
import { useAuthorization } from '@/lib/authorization';
import { formatDateTime } from '@/lib/format-time';
import { JobDetailDialog } from './job-detail-dialog';

/** Every job the caller may see, newest first, live via the WebSocket. */
export function JobsListPage() {
  const { t } = useTranslation();
  const list = useListParams(['status'] as const);
  const jobs = useJobs({
    page: list.page,
    pageSize: list.pageSize,
    status: oneOf(JOB_STATUSES, list.filters.status),
  });

  const role = useAuthorization().role;
  const staff = role === 'super_admin' || role === 'salesperson';
  const [open, setOpen] = useState<Job | null>(null);

  const columns = useMemo<GridColDef<Job>[]>(
    () => [
      {
        field: 'type',
        headerName: t('jobs.fields.type'),
        flex: 1,
        minWidth: 160,
        valueGetter: (_v, row) => jobTypeLabel(t, row),
        renderCell: ({ row, value }) => (
          <Link
            component="button"
            type="button"
            aria-label={t('jobs.details', { what: String(value) })}
            onClick={() => setOpen(row)}
          >
            {String(value)}
          </Link>
        ),
      },
      {
        field: 'status',
        headerName: t('jobs.fields.status'),
        width: 130,
        renderCell: ({ row }) => <JobStatusChip status={row.status} />,
      },
      {
        field: 'progress',
        headerName: t('jobs.fields.progress'),
        width: 160,
        renderCell: ({ row }) => (
          <Box sx={{ width: '100%', display: 'flex', alignItems: 'center', height: '100%' }}>
            <LinearProgress
              variant="determinate"
              value={row.status === 'succeeded' ? 100 : row.progress}
              color={
                row.status === 'failed'
                  ? 'error'
                  : row.status === 'succeeded'
                    ? 'success'
                    : 'primary'
              }
              aria-label={t('jobs.progressLabel', { what: jobTypeLabel(t, row) })}
              sx={{ width: '100%' }}
            />
          </Box>
        ),
      },
      {
        field: 'guestName',
        headerName: t('jobs.fields.guest'),
        width: 150,
        renderCell: ({ row }) =>
          row.guestId ? (
            <Link component={RouterLink} to={`/vms/${row.guestId}`}>
              {row.guestName ?? t('jobs.openGuest')}
            </Link>
          ) : null,
      },
      ...(staff
        ? [
            {
              field: 'companyName',
              headerName: t('jobs.fields.company'),
              width: 150,
            } satisfies GridColDef<Job>,
          ]
        : []),
      { field: 'actorName', headerName: t('jobs.fields.user'), width: 150 },
      {
        field: 'message',
        headerName: t('jobs.fields.message'),
        flex: 1.5,
        minWidth: 200,
        valueGetter: (_v, row) => jobErrorText(row) ?? row.message ?? '',
        // A long failure stays readable here (title) and whole in the detail view.
        renderCell: ({ value }) => <span title={String(value)}>{String(value)}</span>,
      },
      {
        field: 'createdAt',
        headerName: t('jobs.fields.createdAt'),
        width: 170,
        valueGetter: (_v, row) => formatDateTime(row.createdAt, ''),
      },
    ],
    [t, staff],
  );

  return (
    <>
      <PageHeader title={t('jobs.title')} subtitle={t('jobs.subtitle')} />
      <Box sx={{ display: 'flex', gap: 2, mb: 2 }}>
        <TextField
          select
          label={t('jobs.fields.status')}
          value={list.filters.status}
          onChange={(e) => list.setFilter('status', e.target.value)}
          sx={{ width: 180 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          {JOB_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`jobs.status.${s}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <ErrorAlert error={jobs.error} sx={{ mb: 2 }} />
      <ServerDataGrid
        rows={jobs.data?.items ?? []}
        total={jobs.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={jobs.isFetching && !jobs.data}
        columns={columns}
        emptyLabel={t('jobs.empty')}
        aria-label={t('jobs.title')}
      />
      {open && <JobDetailDialog job={open} onClose={() => setOpen(null)} />}
    </>
  );
}
