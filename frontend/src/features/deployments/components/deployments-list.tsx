import Add from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import type { GridColDef } from '@mui/x-data-grid';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import type { DeploymentView } from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { ServerDataGrid } from '@/components/server-data-grid';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useListParams } from '@/lib/use-list-params';
import { useDeploymentStats, useDeployments } from '../api/list-deployments';
import { DeploymentStatusChip } from './deployment-status-chip';

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card variant="outlined" sx={{ minWidth: 160 }}>
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h5" component="p">
          {value}
        </Typography>
      </CardContent>
    </Card>
  );
}

export function DeploymentsListPage() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const list = useListParams([] as const);
  const deployments = useDeployments({ page: list.page, pageSize: list.pageSize });
  const stats = useDeploymentStats();
  const s = stats.data;

  const columns: GridColDef<DeploymentView>[] = [
    {
      field: 'name',
      headerName: t('deployments.fields.name'),
      flex: 1,
      minWidth: 160,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/deployments/${row.id}`}>
          {row.name}
        </Link>
      ),
    },
    {
      field: 'status',
      headerName: t('deployments.fields.status'),
      width: 140,
      renderCell: ({ row }) => <DeploymentStatusChip status={row.status} />,
    },
    { field: 'framework', headerName: t('deployments.fields.framework'), width: 140 },
    { field: 'repoUrl', headerName: t('deployments.fields.repoUrl'), flex: 2, minWidth: 220 },
    { field: 'ref', headerName: t('deployments.fields.ref'), width: 120 },
  ];

  return (
    <>
      <PageHeader
        title={t('deployments.title')}
        subtitle={t('deployments.subtitle')}
        actions={
          authz.has(perm.deploymentsManage) && (
            <Button
              variant="contained"
              startIcon={<Add />}
              component={RouterLink}
              to="/deployments/new"
            >
              {t('deployments.create')}
            </Button>
          )
        }
      />
      {s && (
        <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap' }}>
          <Stat label={t('deployments.stats.total')} value={String(s.total)} />
          <Stat label={t('deployments.stats.active')} value={String(s.active)} />
          <Stat
            label={t('deployments.stats.successRate')}
            value={s.successRate === null ? '–' : `${Math.round(s.successRate * 100)} %`}
          />
          <Stat
            label={t('deployments.stats.median')}
            value={s.medianDeployMs === null ? '–' : `${(s.medianDeployMs / 1000).toFixed(1)} s`}
          />
        </Box>
      )}
      <ErrorAlert error={deployments.error} sx={{ mb: 2 }} />
      <ServerDataGrid
        rows={deployments.data?.items ?? []}
        total={deployments.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={deployments.isFetching}
        columns={columns}
        emptyLabel={t('deployments.empty')}
        aria-label={t('deployments.title')}
      />
    </>
  );
}
