import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import {
  FIREWALL_KINDS,
  FIREWALL_VIEWS,
  type FirewallChangeDto,
  type FirewallDeploymentDto,
} from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import {
  useFirewall,
  useFirewallChanges,
  useFirewallDeployments,
  useFirewallItems,
} from '../api/get-firewall';
import { DeploymentMetricsPanel } from './deployment-metrics';
import { FirewallStatus } from './firewalls-list';
import { formatDateTime } from '@/lib/format-time';

const DESCRIPTIONS = new Set(['description', 'descr']);

function Items({ id, kind }: { id: string; kind: string }) {
  const { t } = useTranslation();
  const items = useFirewallItems(id, kind);
  const rows = items.data?.rows ?? [];
  // the description first: with many fields the grid scrolls sideways, and it names the row
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))]
    .filter((f) => f !== 'uuid')
    .sort((a, b) => Number(DESCRIPTIONS.has(b)) - Number(DESCRIPTIONS.has(a)));
  const columns: GridColDef[] = fields.map((f) => ({
    field: f,
    headerName: f,
    minWidth: 120,
    flex: 1,
  }));
  if (items.error) return <ErrorAlert error={items.error} />;
  return (
    <DataGrid
      autoHeight
      rows={rows}
      getRowId={(r) => String(r.uuid)}
      columns={columns}
      loading={items.isLoading}
      localeText={{ noRowsLabel: t('firewalls.noItems') }}
      hideFooter={rows.length <= 100}
    />
  );
}

export function FirewallShowPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const firewall = useFirewall(id);
  const changes = useFirewallChanges(id);
  const deployments = useFirewallDeployments(id);
  const [kind, setKind] = useState<string>('d_nat');
  const changeColumns: GridColDef<FirewallChangeDto>[] = [
    { field: 'status', headerName: t('firewalls.change.status'), width: 110 },
    {
      field: 'createdAt',
      headerName: t('firewalls.change.created'),
      width: 190,
      valueFormatter: (v: string) => formatDateTime(v),
    },
    {
      field: 'operations',
      headerName: t('firewalls.change.operations'),
      flex: 1,
      valueGetter: (_v, row) => row.operations.map((o) => `${o.op} ${o.kind}`).join(', '),
    },
    {
      field: 'durationMs',
      headerName: t('firewalls.change.duration'),
      width: 110,
      valueFormatter: (v: number | null) => (v === null ? '—' : `${v} ms`),
    },
    { field: 'reason', headerName: t('firewalls.change.reason'), flex: 1 },
  ];
  const deployColumns: GridColDef<FirewallDeploymentDto>[] = [
    { field: 'status', headerName: t('firewalls.deployment.status'), width: 110 },
    {
      field: 'createdAt',
      headerName: t('firewalls.change.created'),
      width: 190,
      valueFormatter: (v: string) => formatDateTime(v),
    },
    {
      field: 'durationMs',
      headerName: t('firewalls.deployment.total'),
      width: 110,
      valueFormatter: (v: number | null) => (v === null ? '—' : `${(v / 1000).toFixed(1)} s`),
    },
    {
      field: 'authMethod',
      headerName: t('firewalls.deployment.auth'),
      width: 200,
      valueFormatter: (v: FirewallDeploymentDto['authMethod']) =>
        t(`firewalls.metrics.method.${v}`),
    },
    {
      field: 'steps',
      headerName: t('firewalls.deployment.steps'),
      flex: 2,
      // the credential a step used on the firewall follows its time
      valueGetter: (_v, row) =>
        row.steps
          .map((s) => `${s.step} ${s.ms} ms${s.auth ? ` (${s.auth})` : ''}${s.ok ? '' : ' ✗'}`)
          .join(' · '),
    },
    { field: 'error', headerName: t('firewalls.change.reason'), flex: 1 },
  ];
  if (firewall.error) return <ErrorAlert error={firewall.error} />;
  const fw = firewall.data;
  return (
    <>
      <PageHeader
        title={fw?.name ?? t('firewalls.title')}
        subtitle={fw ? `${fw.url} · OPNsense ${fw.version ?? '?'}` : undefined}
        actions={fw && <FirewallStatus status={fw.status} />}
      />
      <Tabs value={kind} onChange={(_e, v: string) => setKind(v)} sx={{ mb: 2 }}>
        {[...FIREWALL_KINDS, ...FIREWALL_VIEWS].map((k) => (
          <Tab key={k} value={k} label={t(`firewalls.kinds.${k}`)} />
        ))}
      </Tabs>
      {id && <Items id={id} kind={kind} />}
      <Box sx={{ mt: 4 }}>
        <Typography variant="h6" sx={{ mb: 1 }}>
          {t('firewalls.changes')}
        </Typography>
        <DataGrid
          autoHeight
          rows={changes.data ?? []}
          columns={changeColumns}
          loading={changes.isLoading}
          localeText={{ noRowsLabel: t('firewalls.noChanges') }}
        />
      </Box>
      <Box sx={{ mt: 4 }}>
        <Typography variant="h6" sx={{ mb: 1 }}>
          {t('firewalls.deployments')}
        </Typography>
        {id && <DeploymentMetricsPanel firewallId={id} />}
        <DataGrid
          autoHeight
          rows={deployments.data ?? []}
          columns={deployColumns}
          loading={deployments.isLoading}
          localeText={{ noRowsLabel: t('firewalls.noDeployments') }}
        />
      </Box>
    </>
  );
}
