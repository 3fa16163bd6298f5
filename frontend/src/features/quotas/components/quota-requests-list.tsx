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
import { perm } from '@/lib/permission-keys';
import { oneOf, useListParams } from '@/lib/use-list-params';
import { useDecideQuotaRequest, useQuotaRequests } from '../api/quota-requests';
import type { QuotaRequest } from '../api/types';

const summarize = (values: QuotaRequest['requested']) =>
  Object.entries(values ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k.replace(/^max/, '')}: ${v}`)
    .join(', ');

/** Quota requests: company admins see their own, approvers (super_admin, salesperson) decide. */
export function QuotaRequestsListPage() {
  const { t } = useTranslation();
  const canDecide = useAuthorization().has(perm.quotasApprove);
  const list = useListParams(['status'] as const);
  const requests = useQuotaRequests({
    page: list.page,
    pageSize: list.pageSize,
    status: oneOf(QUOTA_REQUEST_STATUSES, list.filters.status),
  });
  const decide = useDecideQuotaRequest();
  const [target, setTarget] = useState<{
    row: QuotaRequest;
    decision: 'approve' | 'decline';
  } | null>(null);

  const columns = useMemo<GridColDef<QuotaRequest>[]>(
    () => [
      { field: 'companyName', headerName: t('quotas.fields.company'), flex: 1, minWidth: 140 },
      {
        field: 'requested',
        headerName: t('quotas.fields.requested'),
        flex: 1.2,
        minWidth: 200,
        valueGetter: (_v, row) => summarize(row.requested),
      },
      { field: 'reason', headerName: t('quotas.fields.reason'), flex: 1.5, minWidth: 200 },
      {
        field: 'status',
        headerName: t('quotas.fields.status'),
        width: 120,
        renderCell: ({ row }) => (
          <Chip
            variant="outlined"
            label={t(`quotas.status.${row.status}`, { defaultValue: row.status })}
            color={
              row.status === 'approved' ? 'success' : row.status === 'declined' ? 'error' : 'info'
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
          ) : null,
      },
    ],
    [t, canDecide],
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
          {(['pending', 'approved', 'declined'] as const).map((s) => (
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
      <ConfirmDialog
        open={!!target}
        title={t(target?.decision === 'approve' ? 'quotas.approveTitle' : 'quotas.declineTitle', {
          name: target?.row.companyName ?? '',
        })}
        message={summarize(target?.row.requested ?? {})}
        confirmLabel={t(target?.decision === 'approve' ? 'quotas.approve' : 'quotas.decline')}
        destructive={target?.decision === 'decline'}
        pending={decide.isPending}
        error={decide.error}
        onClose={() => {
          decide.reset();
          setTarget(null);
        }}
        onConfirm={() =>
          target &&
          decide.mutate(
            { id: target.row.id, decision: target.decision },
            { onSuccess: () => setTarget(null) },
          )
        }
      />
    </>
  );
}
