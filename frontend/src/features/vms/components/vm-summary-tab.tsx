import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Alert from '@mui/material/Alert';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { LineChart } from '@mui/x-charts/LineChart';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useVmRrd } from '../api/get-vm';
import type { RrdTimeframe, VmDetail } from '../api/types';
import { formatBytes, formatPercent, formatUptime } from './format';
import { chartSamples } from './vm-chart-samples';
import { osLabel, VmAddresses } from './vm-addresses';
import { VmNotesCard } from './vm-notes-card';

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Box>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h6" component="p">
        {value}
      </Typography>
    </Box>
  );
}

/** Live status and charts from the guest's rrd data. */
export function VmSummaryTab({ vm, canEdit = false }: { vm: VmDetail; canEdit?: boolean }) {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const [timeframe, setTimeframe] = useState<RrdTimeframe>('hour');
  const rrd = useVmRrd(vm.id, timeframe, !!vm.live);
  const live = vm.live;
  // One source per figure: the charts end on the live sample the stats above show.
  const points = chartSamples(rrd.data ?? [], live);
  const times = points.map((p) => p.time);

  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      {!live && (
        <Alert severity="warning">
          {t('vms.summary.offline', { status: vm.clusterStatus ?? t('vms.status.unknown') })}
        </Alert>
      )}
      <Card>
        <CardContent
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))',
          }}
        >
          <Stat label={t('vms.summary.uptime')} value={formatUptime(live?.uptime)} />
          <Stat
            label={t('vms.summary.cpu')}
            value={`${formatPercent(live?.cpu)} · ${vm.cpus} vCPU`}
          />
          <Stat
            label={t('vms.summary.memory')}
            value={`${formatBytes(live?.mem)} / ${formatBytes(live?.maxmem ?? vm.maxmem)}`}
          />
          <Stat label={t('vms.summary.disk')} value={formatBytes(live?.maxdisk ?? vm.maxdisk)} />
          <Stat label={t('vms.summary.netin')} value={formatBytes(live?.netin)} />
          <Stat label={t('vms.summary.netout')} value={formatBytes(live?.netout)} />
          {/* Node names are the operator's business: shown to those who may read clusters. */}
          {authz.has(perm.clustersRead) ? (
            <Stat label={t('vms.fields.node')} value={`${vm.node} (${vm.clusterName})`} />
          ) : (
            <Stat label={t('vms.fields.cluster')} value={vm.clusterName} />
          )}
          <Stat label={t('vms.fields.vmid')} value={String(vm.vmid)} />
          <Stat label={t('vms.summary.os')} value={osLabel(vm.kind, vm.config?.osType, t)} />
        </CardContent>
      </Card>
      {live && <VmAddresses addresses={vm.addresses} kind={vm.kind} />}
      <VmNotesCard vm={vm} canEdit={canEdit} />
      {live && (
        <Card>
          <CardContent sx={{ display: 'grid', gap: 2 }}>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
              <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
                {t('vms.summary.charts')}
              </Typography>
              <ToggleButtonGroup
                size="small"
                exclusive
                value={timeframe}
                onChange={(_, v: RrdTimeframe | null) => v && setTimeframe(v)}
                aria-label={t('vms.summary.timeframe')}
              >
                {(['hour', 'day', 'week'] as const).map((tf) => (
                  <ToggleButton key={tf} value={tf}>
                    {t(`vms.summary.timeframes.${tf}`)}
                  </ToggleButton>
                ))}
              </ToggleButtonGroup>
            </Box>
            {points.length === 0 ? (
              <Typography color="text.secondary">{t('vms.summary.noData')}</Typography>
            ) : (
              <Box
                sx={{ display: 'grid', gap: 2, gridTemplateColumns: { md: '1fr 1fr' } }}
                data-testid="vm-charts"
              >
                <LineChart
                  height={220}
                  xAxis={[{ data: times, scaleType: 'time' }]}
                  yAxis={[{ min: 0, max: 100, width: 56, valueFormatter: (v: number) => `${v}%` }]}
                  series={[
                    {
                      data: points.map((p) => p.cpu),
                      label: t('vms.summary.cpu'),
                      showMark: false,
                    },
                  ]}
                />
                <LineChart
                  height={220}
                  xAxis={[{ data: times, scaleType: 'time' }]}
                  yAxis={[
                    {
                      min: 0,
                      max: live.maxmem || undefined,
                      width: 72,
                      valueFormatter: (v: number) => formatBytes(v),
                    },
                  ]}
                  series={[
                    {
                      data: points.map((p) => p.mem),
                      label: t('vms.summary.memory'),
                      showMark: false,
                      valueFormatter: (v) => formatBytes(v),
                    },
                  ]}
                />
                <LineChart
                  height={220}
                  xAxis={[{ data: times, scaleType: 'time' }]}
                  yAxis={[
                    { min: 0, width: 88, valueFormatter: (v: number) => `${formatBytes(v)}/s` },
                  ]}
                  series={[
                    {
                      data: points.map((p) => p.netin),
                      label: t('vms.summary.netin'),
                      showMark: false,
                    },
                    {
                      data: points.map((p) => p.netout),
                      label: t('vms.summary.netout'),
                      showMark: false,
                    },
                  ]}
                />
              </Box>
            )}
          </CardContent>
        </Card>
      )}
    </Box>
  );
}
