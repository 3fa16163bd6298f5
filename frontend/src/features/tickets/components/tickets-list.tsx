import Add from '@mui/icons-material/Add';
import InsightsOutlined from '@mui/icons-material/InsightsOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import type { GridColDef } from '@mui/x-data-grid';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_VIEWS,
  type TicketSummaryDto,
} from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { SearchField } from '@/components/search-field';
import { ServerDataGrid } from '@/components/server-data-grid';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { oneOf, useListParams } from '@/lib/use-list-params';
import { useTickets } from '../api/list-tickets';
import { TicketPriorityChip, TicketSlaChip, TicketStatusChip } from './ticket-chips';
import { formatDateTime } from '@/lib/format-time';

export function TicketsListPage() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const staff = authz.has(perm.ticketsManage);
  const list = useListParams(['view', 'status', 'priority', 'search'] as const);
  const view = oneOf(TICKET_VIEWS, list.filters.view) ?? 'all';
  const tickets = useTickets({
    page: list.page,
    pageSize: list.pageSize,
    view,
    status: oneOf(TICKET_STATUSES, list.filters.status),
    priority: oneOf(TICKET_PRIORITIES, list.filters.priority),
    search: list.filters.search || undefined,
  });

  const columns: GridColDef<TicketSummaryDto>[] = [
    {
      field: 'subject',
      headerName: t('tickets.fields.subject'),
      flex: 2,
      minWidth: 220,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/tickets/${row.id}`}>
          {row.subject}
        </Link>
      ),
    },
    {
      field: 'status',
      headerName: t('tickets.fields.status'),
      width: 180,
      renderCell: ({ row }) => <TicketStatusChip status={row.status} />,
    },
    {
      field: 'priority',
      headerName: t('tickets.fields.priority'),
      width: 110,
      renderCell: ({ row }) => <TicketPriorityChip priority={row.priority} />,
    },
    {
      field: 'sla',
      headerName: t('tickets.sla.column'),
      width: 200,
      sortable: false,
      renderCell: ({ row }) => <TicketSlaChip sla={row.sla} />,
    },
    ...(staff
      ? [
          {
            field: 'companyName',
            headerName: t('tickets.fields.company'),
            flex: 1,
            minWidth: 140,
          } satisfies GridColDef<TicketSummaryDto>,
        ]
      : []),
    {
      field: 'requester',
      headerName: t('tickets.fields.requester'),
      flex: 1,
      minWidth: 140,
      valueGetter: (_v, row) => row.requester?.name ?? '',
    },
    {
      field: 'assignee',
      headerName: t('tickets.fields.assignee'),
      flex: 1,
      minWidth: 140,
      valueGetter: (_v, row) => row.assignee?.name ?? t('tickets.unassigned'),
    },
    {
      field: 'lastActivityAt',
      headerName: t('tickets.fields.lastActivity'),
      width: 180,
      valueFormatter: (v: string) => formatDateTime(v),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('tickets.title')}
        subtitle={t('tickets.subtitle')}
        actions={
          <>
            {authz.role !== 'user' && (
              <Button startIcon={<InsightsOutlined />} component={RouterLink} to="/tickets/sla">
                {t('tickets.slaLink')}
              </Button>
            )}
            {authz.has(perm.ticketsCreate) && (
              <Button
                variant="contained"
                startIcon={<Add />}
                component={RouterLink}
                to="/tickets/new"
              >
                {t('tickets.create')}
              </Button>
            )}
          </>
        }
      />
      <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={view}
          onChange={(_, v: string | null) => v && list.setFilter('view', v === 'all' ? '' : v)}
          aria-label={t('tickets.title')}
        >
          {TICKET_VIEWS.filter(
            // Only staff are ever mentioned.
            (v) => staff || (v !== 'unassigned' && v !== 'breaching' && v !== 'mentions'),
          ).map((v) => (
            <ToggleButton key={v} value={v}>
              {t(`tickets.views.${v}`)}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <SearchField value={list.filters.search} onChange={(v) => list.setFilter('search', v)} />
        <TextField
          select
          label={t('tickets.fields.status')}
          value={list.filters.status}
          onChange={(e) => list.setFilter('status', e.target.value)}
          sx={{ width: 200 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          {TICKET_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`tickets.status.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={t('tickets.fields.priority')}
          value={list.filters.priority}
          onChange={(e) => list.setFilter('priority', e.target.value)}
          sx={{ width: 160 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          {TICKET_PRIORITIES.map((p) => (
            <MenuItem key={p} value={p}>
              {t(`tickets.priority.${p}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <ErrorAlert error={tickets.error} sx={{ mb: 2 }} />
      <ServerDataGrid
        rows={tickets.data?.items ?? []}
        total={tickets.data?.total ?? 0}
        // Above the count limit the total is "1,000+": page on whether another page follows.
        hasNextPage={tickets.data?.totalCapped ? tickets.data.nextCursor !== null : undefined}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={tickets.isFetching}
        columns={columns}
        emptyLabel={t('tickets.empty')}
        aria-label={t('tickets.title')}
      />
    </>
  );
}
