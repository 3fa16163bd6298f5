import Add from '@mui/icons-material/Add';
import BookmarkAddOutlined from '@mui/icons-material/BookmarkAddOutlined';
import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import LinkOff from '@mui/icons-material/LinkOff';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { GridActionsCellItem, type GridColDef } from '@mui/x-data-grid';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { IP_ADDRESS_FILTERS, type IpAddressView } from '@multpanel/contracts';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { SearchField } from '@/components/search-field';
import { ServerDataGrid } from '@/components/server-data-grid';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { oneOf, useListParams } from '@/lib/use-list-params';
import { useRange } from '../api/get-range';
import { useAddresses } from '../api/list-addresses';
import { useReleaseAddress } from '../api/release-address';
import { AddressHistory } from './address-history';
import { AllocateDialog } from './allocate-dialog';
import { RangeFindings } from './range-findings';
import { UsageBar } from './usage-bar';

const STATUS_COLOR = {
  free: 'default',
  allocated: 'primary',
  reserved: 'secondary',
  held: 'warning',
} as const;

/**
 * A range: its settings, usage and address table (free / allocated / reserved / held); for staff,
 * the conflict sweep's findings in it.
 */
export function RangeShowPage() {
  const { t } = useTranslation();
  const { rangeId = '' } = useParams();
  const authz = useAuthorization();
  const list = useListParams(['status', 'search'] as const);
  const range = useRange(rangeId);
  const addresses = useAddresses(rangeId, {
    page: list.page,
    pageSize: list.pageSize,
    status: oneOf(IP_ADDRESS_FILTERS, list.filters.status),
    search: list.filters.search || undefined,
  });
  const release = useReleaseAddress();
  const [dialog, setDialog] = useState<'allocate' | 'reserve' | null>(null);
  const [releasing, setReleasing] = useState<IpAddressView | null>(null);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const canAllocate = authz.has(perm.ipamAllocate);
  const canSweep = authz.has(perm.clustersManage);

  const columns: GridColDef<IpAddressView>[] = [
    { field: 'address', headerName: t('ipam.fields.address'), width: 200 },
    {
      field: 'status',
      headerName: t('ipam.fields.status'),
      width: 120,
      renderCell: ({ row }) => (
        <Chip
          size="small"
          label={t(`ipam.status.${row.status}`)}
          color={STATUS_COLOR[row.status]}
        />
      ),
    },
    {
      field: 'purpose',
      headerName: t('ipam.fields.purpose'),
      width: 110,
      valueGetter: (_v, row) => (row.purpose ? t(`ipam.purpose.${row.purpose}`) : ''),
    },
    {
      field: 'holder',
      headerName: t('ipam.fields.holder'),
      flex: 1,
      minWidth: 160,
      valueGetter: (_v, row) => row.guestName ?? row.hostname ?? row.note ?? '',
    },
    {
      field: 'actions',
      type: 'actions',
      width: 90,
      getActions: ({ row }) =>
        row.id === null
          ? []
          : [
              <GridActionsCellItem
                key="history"
                icon={<HistoryOutlined />}
                label={t('ipam.history')}
                onClick={() => setHistoryOf(row.id)}
              />,
              ...(canAllocate && row.status !== 'held'
                ? [
                    <GridActionsCellItem
                      key="release"
                      icon={<LinkOff />}
                      label={t('ipam.release')}
                      onClick={() => {
                        release.reset();
                        setReleasing(row);
                      }}
                    />,
                  ]
                : []),
            ],
    },
  ];

  const r = range.data;
  return (
    <>
      <PageHeader
        title={r ? `${r.name} · ${r.cidr}` : t('ipam.title')}
        subtitle={
          r
            ? t('ipam.rangeSubtitle', {
                owner: r.companyName ?? t('ipam.shared'),
                vlan: r.vlan ?? '—',
                gateway: r.gateway ?? '—',
              })
            : undefined
        }
        actions={
          canAllocate && (
            <Box sx={{ display: 'flex', gap: 1 }}>
              <Button startIcon={<BookmarkAddOutlined />} onClick={() => setDialog('reserve')}>
                {t('ipam.reserve')}
              </Button>
              <Button variant="contained" startIcon={<Add />} onClick={() => setDialog('allocate')}>
                {t('ipam.allocate')}
              </Button>
            </Box>
          )
        }
      />
      <ErrorAlert error={range.error ?? addresses.error} sx={{ mb: 2 }} />
      {r && (
        <Box sx={{ maxWidth: 480, mb: 2 }}>
          <UsageBar usage={r.usage} />
          <Typography variant="body2" color="text.secondary">
            {t('ipam.window', { first: r.firstUsable, last: r.lastUsable })}
          </Typography>
          {r.sdn && (
            <Typography
              variant="body2"
              color={r.sdn.state === 'failed' ? 'error' : 'text.secondary'}
              data-testid="sdn-binding"
            >
              {t('ipam.sdnBinding', {
                vnet: r.sdn.vnet,
                zone: r.sdn.zone ?? '—',
                state: t(`ipam.sdnState.${r.sdn.state}`, { error: r.sdn.error ?? '' }),
              })}
            </Typography>
          )}
        </Box>
      )}
      <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <SearchField value={list.filters.search} onChange={(v) => list.setFilter('search', v)} />
        <TextField
          select
          label={t('ipam.fields.status')}
          value={list.filters.status}
          onChange={(e) => list.setFilter('status', e.target.value)}
          sx={{ width: 180 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          {IP_ADDRESS_FILTERS.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`ipam.status.${s}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <ServerDataGrid
        rows={addresses.data?.items ?? []}
        getRowId={(row) => row.address}
        total={addresses.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={addresses.isFetching}
        columns={columns}
        emptyLabel={t('ipam.noAddresses')}
        aria-label={t('ipam.addressTable')}
      />
      {r && canSweep && <RangeFindings range={r} />}
      <AllocateDialog
        rangeId={rangeId}
        mode={dialog}
        onClose={() => setDialog(null)}
        onDone={() => undefined}
      />
      <AddressHistory id={historyOf} onClose={() => setHistoryOf(null)} />
      <ConfirmDialog
        open={!!releasing}
        title={t('ipam.releaseTitle', { address: releasing?.address })}
        message={t(releasing?.status === 'allocated' ? 'ipam.releaseHeld' : 'ipam.releaseFree', {
          address: releasing?.address,
        })}
        confirmLabel={t('ipam.release')}
        destructive
        pending={release.isPending}
        error={release.error}
        onClose={() => setReleasing(null)}
        onConfirm={() =>
          releasing?.id &&
          release.mutate({ id: releasing.id }, { onSuccess: () => setReleasing(null) })
        }
      />
    </>
  );
}
