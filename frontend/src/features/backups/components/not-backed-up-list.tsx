import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { type GridColDef } from '@mui/x-data-grid';
import type { NotBackedUpGuest } from '@multpanel/contracts';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { ServerDataGrid } from '@/components/server-data-grid';
import { useCompanyOptions } from '@/lib/queries/companies';
import type { ListParams } from '@/lib/use-list-params';
import { useNotBackedUp } from '../api/list-not-backed-up';
import { formatWhen } from './format';

/**
 * "Not backed up": the company's guests that no enabled schedule and no backup job of Proxmox's
 * own covers, with their last backup by the platform. Staff pick the company.
 */
export function NotBackedUpList({
  list,
  ownCompanyId,
}: {
  list: ListParams<'companyId'>;
  ownCompanyId: string;
}) {
  const { t } = useTranslation();
  const staff = ownCompanyId === '';
  const companies = useCompanyOptions(staff);
  const picked = list.filters.companyId;
  const companyId = staff ? picked : ownCompanyId;
  const page = useNotBackedUp({ companyId, page: list.page, pageSize: list.pageSize });
  const columns: GridColDef<NotBackedUpGuest>[] = [
    {
      field: 'name',
      headerName: t('backups.notBackedUp.guest'),
      flex: 1,
      minWidth: 180,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/vms/${row.guestId}`}>
          {row.name ?? `VM ${row.vmid}`}
        </Link>
      ),
    },
    { field: 'vmid', headerName: 'VMID', width: 90 },
    { field: 'node', headerName: t('backups.notBackedUp.node'), width: 130 },
    { field: 'status', headerName: t('backups.notBackedUp.status'), width: 110 },
    {
      field: 'lastBackupAt',
      headerName: t('backups.notBackedUp.lastBackup'),
      width: 200,
      valueGetter: (_, row) =>
        row.lastBackupAt ? formatWhen(row.lastBackupAt) : t('backups.notBackedUp.never'),
    },
  ];
  const d = page.data;
  return (
    <>
      {staff && (
        <Box sx={{ display: 'flex', gap: 2, mb: 2 }}>
          <TextField
            select
            label={t('backups.notBackedUp.company')}
            value={picked}
            onChange={(e) => list.setFilter('companyId', e.target.value)}
            sx={{ width: 260 }}
          >
            {(companies.data ?? []).map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
        </Box>
      )}
      {staff && !picked ? (
        <Typography color="text.secondary">{t('backups.notBackedUp.pickCompany')}</Typography>
      ) : (
        <>
          {d && (
            <Typography sx={{ mb: 1 }} aria-label={t('backups.notBackedUp.summaryLabel')}>
              {t('backups.notBackedUp.summary', {
                guests: d.guests,
                covered: d.covered,
                proxmox: d.coveredByProxmox,
                open: d.total,
              })}
            </Typography>
          )}
          {d && d.clustersUnread > 0 && (
            <Alert severity="warning" sx={{ mb: 2 }}>
              {t('backups.notBackedUp.unread', { count: d.clustersUnread })}
            </Alert>
          )}
          <ErrorAlert error={page.error} sx={{ mb: 2 }} />
          <ServerDataGrid
            rows={d?.items ?? []}
            getRowId={(row) => row.guestId}
            total={d?.total ?? 0}
            page={list.page}
            pageSize={list.pageSize}
            onPageChange={list.setPage}
            loading={page.isFetching}
            columns={columns}
            emptyLabel={t('backups.notBackedUp.empty')}
            aria-label={t('backups.tabs.notBackedUp')}
          />
        </>
      )}
    </>
  );
}
