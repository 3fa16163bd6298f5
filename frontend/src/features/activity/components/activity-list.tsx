import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Link from '@mui/material/Link';
import type { GridColDef } from '@mui/x-data-grid';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { SearchField } from '@/components/search-field';
import { ServerDataGrid } from '@/components/server-data-grid';
import { useAuthorization } from '@/lib/authorization';
import { formatDateTime } from '@/lib/format-time';
import { useCompanyOptions } from '@/lib/queries/companies';
import { oneOf, useListParams } from '@/lib/use-list-params';
import { useExportActivity } from '../api/export-activity';
import { useActivity, type ActivityEntry } from '../api/list-activity';
import { activityResourceHref, describeActivity } from './describe-activity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `from`/`to` are dates in the URL (YYYY-MM-DD); the API gets full-day ISO bounds. */
const dayStart = (d: string) => (d ? new Date(`${d}T00:00:00`).toISOString() : undefined);
const dayEnd = (d: string) => (d ? new Date(`${d}T23:59:59.999`).toISOString() : undefined);

export function ActivityListPage() {
  const { t } = useTranslation();
  const list = useListParams([
    'search',
    'action',
    'result',
    'from',
    'to',
    'companyId',
    'actorId',
  ] as const);
  const role = useAuthorization().role;
  const staff = role === 'super_admin' || role === 'salesperson';
  const companies = useCompanyOptions(staff);
  const filters = {
    search: list.filters.search || undefined,
    companyId: UUID.test(list.filters.companyId) ? list.filters.companyId : undefined,
    actorId: UUID.test(list.filters.actorId) ? list.filters.actorId : undefined,
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
      width: 170,
      valueFormatter: (value: string) => formatDateTime(value, ''),
    },
    {
      field: 'actorName',
      headerName: t('activity.fields.actor'),
      flex: 1,
      minWidth: 170,
      valueGetter: (_v, row) => row.actorName ?? row.actorEmail ?? t('activity.system'),
      renderCell: ({ row, value }) =>
        row.actorId ? (
          <Link
            component="button"
            type="button"
            title={row.actorEmail ?? undefined}
            aria-label={t('activity.filterByActor', { name: String(value) })}
            onClick={() => list.setFilter('actorId', row.actorId!)}
          >
            {String(value)}
          </Link>
        ) : (
          String(value)
        ),
    },
    {
      field: 'action',
      headerName: t('activity.fields.action'),
      flex: 2,
      minWidth: 240,
      valueGetter: (_v, row) => describeActivity(t, row),
      renderCell: ({ row, value }) => {
        const href = activityResourceHref(row);
        return href ? (
          <Link component={RouterLink} to={href} title={row.action}>
            {String(value)}
          </Link>
        ) : (
          <span title={row.action}>{String(value)}</span>
        );
      },
    },
    { field: 'companyName', headerName: t('activity.fields.company'), width: 150 },
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
    // The whole address, IPv6 included: wide enough and never cut.
    { field: 'ip', headerName: t('activity.fields.ip'), minWidth: 150, flex: 1 },
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
        {staff && (
          <TextField
            select
            label={t('activity.fields.company')}
            value={filters.companyId ?? ''}
            onChange={(e) => list.setFilter('companyId', e.target.value)}
            sx={{ width: 200 }}
          >
            <MenuItem value="">{t('activity.allCompanies')}</MenuItem>
            {(companies.data ?? []).map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
        )}
        {filters.actorId && (
          <Chip
            sx={{ alignSelf: 'center' }}
            label={t('activity.actorFilter', {
              // Every row is theirs now; the first one names them.
              name: activity.data?.items[0]?.actorName ?? filters.actorId,
            })}
            onDelete={() => list.setFilter('actorId', '')}
          />
        )}
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
