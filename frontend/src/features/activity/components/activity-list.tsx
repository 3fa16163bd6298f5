import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import type { GridColDef } from '@mui/x-data-grid';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { SearchField } from '@/components/search-field';
import { ServerDataGrid } from '@/components/server-data-grid';
import { oneOf, useListParams } from '@/lib/use-list-params';
import { useExportActivity } from '../api/export-activity';
import { useActivity, type ActivityEntry } from '../api/list-activity';

/** `from`/`to` are dates in the URL (YYYY-MM-DD); the API gets full-day ISO bounds. */
const dayStart = (d: string) => (d ? new Date(`${d}T00:00:00`).toISOString() : undefined);
const dayEnd = (d: string) => (d ? new Date(`${d}T23:59:59.999`).toISOString() : undefined);

export function ActivityListPage() {
  const { t } = useTranslation();
  const list = useListParams(['search', 'action', 'result', 'from', 'to'] as const);
  const filters = {
    search: list.filters.search || undefined,
    action: list.filters.action || undefined,
    result: oneOf(['success', 'failure'] as const, list.filters.result),
    from: dayStart(list.filters.from),
    to: dayEnd(list.filters.to),
  };
  const activity = useActivity({ page: list.page, pageSize: list.pageSize, ...filters });
  const exporter = useExportActivity();

  const columns: GridColDef<ActivityEntry>[] = [
    {
      field: 'createdAt',
      headerName: t('activity.fields.time'),
      width: 200,
      valueFormatter: (value: string) => (value ? new Date(value).toLocaleString() : ''),
    },
    { field: 'actorEmail', headerName: t('activity.fields.actor'), flex: 1, minWidth: 180 },
    { field: 'action', headerName: t('activity.fields.action'), flex: 1, minWidth: 160 },
    {
      field: 'resource',
      headerName: t('activity.fields.resource'),
      flex: 1,
      minWidth: 160,
      valueGetter: (_v, row) => [row.resourceType, row.resourceId].filter(Boolean).join(' '),
    },
    { field: 'companyName', headerName: t('activity.fields.company'), width: 140 },
    {
      field: 'result',
      headerName: t('activity.fields.result'),
      width: 110,
      renderCell: ({ row }) =>
        row.result ? (
          <Chip
            variant="outlined"
            color={row.result === 'success' ? 'success' : 'error'}
            label={t(`activity.result.${row.result}`, { defaultValue: row.result })}
          />
        ) : null,
    },
    { field: 'ip', headerName: t('activity.fields.ip'), width: 130 },
  ];

  return (
    <>
      <PageHeader
        title={t('activity.title')}
        subtitle={t('activity.subtitle')}
        actions={
          <Button
            variant="outlined"
            startIcon={<FileDownloadOutlined />}
            disabled={exporter.isPending}
            onClick={() => exporter.mutate(filters)}
          >
            {t('activity.export')}
          </Button>
        }
      />
      <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <SearchField value={list.filters.search} onChange={(v) => list.setFilter('search', v)} />
        <TextField
          label={t('activity.fields.action')}
          value={list.filters.action}
          onChange={(e) => list.setFilter('action', e.target.value.trim())}
          placeholder="auth.login"
          sx={{ width: 200 }}
        />
        <TextField
          select
          label={t('activity.fields.result')}
          value={list.filters.result}
          onChange={(e) => list.setFilter('result', e.target.value)}
          sx={{ width: 150 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          <MenuItem value="success">{t('activity.result.success')}</MenuItem>
          <MenuItem value="failure">{t('activity.result.failure')}</MenuItem>
        </TextField>
        <TextField
          type="date"
          label={t('activity.from')}
          value={list.filters.from}
          onChange={(e) => list.setFilter('from', e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
          sx={{ width: 170 }}
        />
        <TextField
          type="date"
          label={t('activity.to')}
          value={list.filters.to}
          onChange={(e) => list.setFilter('to', e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
          sx={{ width: 170 }}
        />
      </Box>
      <ErrorAlert error={activity.error ?? exporter.error} sx={{ mb: 2 }} />
      <ServerDataGrid
        rows={activity.data?.items ?? []}
        total={activity.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={activity.isFetching}
        columns={columns}
        emptyLabel={t('activity.empty')}
        aria-label={t('activity.title')}
      />
    </>
  );
}
