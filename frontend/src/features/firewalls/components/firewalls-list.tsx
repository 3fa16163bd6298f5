import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import type { GridColDef } from '@mui/x-data-grid';
import type { FirewallDto } from '@multpanel/contracts';
import { Permission } from '@multpanel/contracts/permissions';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { ServerDataGrid } from '@/components/server-data-grid';
import { useAuthorization } from '@/lib/authorization';
import { useListParams } from '@/lib/use-list-params';
import { useFirewalls } from '../api/list-firewalls';
import { DeploymentMetricsPanel } from './deployment-metrics';
import { formatDateTime } from '@/lib/format-time';

const COLOR = { online: 'success', unreachable: 'error', unknown: 'default' } as const;

export function FirewallStatus({ status }: { status: FirewallDto['status'] }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={COLOR[status]}
      label={t(`firewalls.status.${status}`)}
    />
  );
}

export function FirewallsListPage() {
  const { t } = useTranslation();
  const list = useListParams([] as const);
  const can = useAuthorization().has;
  const firewalls = useFirewalls({ page: list.page, pageSize: list.pageSize });
  const columns: GridColDef<FirewallDto>[] = [
    {
      field: 'name',
      headerName: t('firewalls.fields.name'),
      flex: 1,
      minWidth: 160,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/firewalls/${row.id}`}>
          {row.name}
        </Link>
      ),
    },
    {
      field: 'status',
      headerName: t('firewalls.fields.status'),
      width: 140,
      renderCell: ({ row }) => <FirewallStatus status={row.status} />,
    },
    { field: 'version', headerName: t('firewalls.fields.version'), width: 120 },
    {
      field: 'companyName',
      headerName: t('firewalls.fields.company'),
      flex: 1,
      minWidth: 160,
      // a company gone since: its id rather than nothing
      valueGetter: (_v, row) => row.companyName ?? row.companyId,
    },
    {
      field: 'lastChangeAt',
      headerName: t('firewalls.fields.lastChange'),
      width: 200,
      valueFormatter: (v: string | null) => formatDateTime(v),
    },
  ];
  return (
    <>
      <PageHeader
        title={t('firewalls.title')}
        subtitle={t('firewalls.subtitle')}
        actions={
          can(Permission.FirewallRegister) ? (
            <Stack direction="row" spacing={1}>
              <Button component={RouterLink} to="/firewalls/deploy" variant="outlined">
                {t('firewalls.deployAction')}
              </Button>
              <Button component={RouterLink} to="/firewalls/network-edge" variant="contained">
                {t('firewalls.edgeAction')}
              </Button>
            </Stack>
          ) : undefined
        }
      />
      {firewalls.error && <ErrorAlert error={firewalls.error} />}
      <DeploymentMetricsPanel />
      <ServerDataGrid
        rows={firewalls.data?.items ?? []}
        total={firewalls.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={firewalls.isLoading}
        emptyLabel={t('firewalls.empty')}
        columns={columns}
      />
    </>
  );
}
