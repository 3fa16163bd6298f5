import { QUOTA_REQUEST_STATUSES } from '@multpanel/contracts';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import type { GridColDef } from '@mui/x-data-grid';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { ServerDataGrid } from '@/components/server-data-grid';
import { useAuthorization } from '@/lib/authorization';
import { formatDateTime } from '@/lib/format-time';
import { perm } from '@/lib/permission-keys';
import { useSession } from '@/lib/session-store';
import { oneOf, useListParams } from '@/lib/use-list-params';
import { useCancelQuotaRequest } from '../api/cancel-quota-request';
import { useQuotaRequests, type QuotaDecision } from '../api/quota-requests';
import type { QuotaRequest } from '../api/types';
import { QuotaDecisionDialog } from './quota-decision-dialog';
import { summarizeRequested } from './quota-summary';

/** Quota requests: company admins see their own, approvers (super_admin, salesperson) decide. */
export function QuotaRequestsListPage() {
  const { t } = useTranslation();
  const canDecide = useAuthorization().has(perm.quotasApprove);
  const session = useSession();
  const me = session.status === 'authenticated' ? session.user.id : null;
  const list = useListParams(['status'] as const);
  const requests = useQuotaRequests({
    page: list.page,
    pageSize: list.pageSize,
    status: oneOf(QUOTA_REQUEST_STATUSES, list.filters.status),
  });
  const cancel = useCancelQuotaRequest();
  const [target, setTarget] = useState<{ row: QuotaRequest; decision: QuotaDecision } | null>(null);
  const [withdrawing, setWithdrawing] = useState<QuotaRequest | null>(null);

  const columns = useMemo<GridColDef<QuotaRequest>[]>(
    () => [
      { field: 'companyName', headerName: t('quotas.fields.company'), flex: 1, minWidth: 140 },
      {
        field: 'requestedByName',
        headerName: t('quotas.fields.requestedBy'),
        flex: 1,
        minWidth: 140,
        valueGetter: (_v, row) => row.requestedByName || t('quotas.unknownUser'),
      },
      {
        field: 'createdAt',
        headerName: t('quotas.fields.createdAt'),
        width: 170,
        valueFormatter: (value: string) => formatDateTime(value),
      },
      {
        field: 'requested',
        headerName: t('quotas.fields.requested'),
        flex: 1.2,
        minWidth: 200,
        valueGetter: (_v, row) => summarizeRequested(t, row.requested),
      },
      { field: 'reason', headerName: t('quotas.fields.reason'), flex: 1.5, minWidth: 200 },
      {
        field: 'note',
        headerName: t('quotas.fields.decision'),
        flex: 1.5,
        minWidth: 200,
        valueGetter: (_v, row) =>
          row.status === 'pending' || row.status === 'cancelled'
            ? ''
            : [row.decidedByName, formatDateTime(row.decidedAt, ''), row.note]
                .filter(Boolean)
                .join(' · '),
      },
      {
        field: 'status',
        headerName: t('quotas.fields.status'),
        width: 120,
        renderCell: ({ row }) => (
          <Chip
            variant="outlined"
            label={t(`quotas.status.${row.status}`, { defaultValue: row.status })}
            color={
              row.status === 'approved'
                ? 'success'
                : row.status === 'declined'
                  ? 'error'
                  : row.status === 'cancelled'
                    ? 'default'
                    : 'info'
            }
          />
        ),
      },
      {
        field: 'actions',
        headerName: '',
        width: 220,
        sortable: false,
        renderCell: ({ row }) =>
          canDecide && row.status === 'pending' ? (
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', height: '100%' }}>
              <Button
                size="small"
                variant="contained"
                onClick={() => setTarget({ row, decision: 'approve' })}
              >
                {t('quotas.approve')}
              </Button>
              <Button
                size="small"
                color="error"
                onClick={() => setTarget({ row, decision: 'decline' })}
              >
                {t('quotas.decline')}
              </Button>
            </Box>
          ) : row.status === 'pending' && row.requestedById === me ? (
            <Box sx={{ display: 'flex', alignItems: 'center', height: '100%' }}>
              <Button size="small" onClick={() => setWithdrawing(row)}>
                {t('quotas.withdraw')}
              </Button>
            </Box>
          ) : null,
      },
    ],
    [t, canDecide, me],
  );

  return (
    <>
      <PageHeader title={t('quotas.requestsTitle')} subtitle={t('quotas.requestsSubtitle')} />
      <Box sx={{ display: 'flex', gap: 2, mb: 2 }}>
        <TextField
          select
          label={t('quotas.fields.status')}
          value={list.filters.status}
          onChange={(e) => list.setFilter('status', e.target.value)}
          sx={{ width: 180 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          {QUOTA_REQUEST_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`quotas.status.${s}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <ErrorAlert error={requests.error} sx={{ mb: 2 }} />
      <ServerDataGrid
        rows={requests.data?.items ?? []}
        total={requests.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={requests.isFetching && !requests.data}
        columns={columns}
        emptyLabel={t('quotas.requestsEmpty')}
        aria-label={t('quotas.requestsTitle')}
      />
      {target && (
        <QuotaDecisionDialog
          request={target.row}
          decision={target.decision}
          onClose={() => setTarget(null)}
        />
      )}
      <ConfirmDialog
        open={!!withdrawing}
        title={t('quotas.withdrawTitle')}
        message={summarizeRequested(t, withdrawing?.requested)}
        confirmLabel={t('quotas.withdraw')}
        pending={cancel.isPending}
        error={cancel.error}
        onClose={() => {
          cancel.reset();
          setWithdrawing(null);
        }}
        onConfirm={() =>
          withdrawing && cancel.mutate(withdrawing.id, { onSuccess: () => setWithdrawing(null) })
        }
      />
    </>
  );
}
