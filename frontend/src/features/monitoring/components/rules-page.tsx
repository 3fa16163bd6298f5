import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { ALERT_METRICS, GUEST_ALERT_METRICS, type AlertMetric } from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useSession } from '@/lib/session-store';
import { useCreateAlertRule } from '../api/create-alert-rule';
import { useDeleteAlertRule } from '../api/delete-alert-rule';
import { useAlertRules } from '../api/list-alert-rules';
import { useChannels } from '../api/list-channels';
import { ChannelsCard } from './channels-card';
import { MaintenanceWindowsCard } from './maintenance-windows-card';
import { SeverityChip } from './severity-chip';

/** Alert rules and channels: staff edit the platform's, a company's admins their company's. */
export function RulesPage() {
  const { t } = useTranslation();
  const fleet = useAuthorization().has(perm.monitoringFleet);
  const session = useSession();
  const own = session.status === 'authenticated' ? session.user.companyId : null;
  const companyId = fleet ? null : own;
  const rules = useAlertRules();
  const channels = useChannels();
  const create = useCreateAlertRule();
  const remove = useDeleteAlertRule();
  const metrics = fleet ? ALERT_METRICS : GUEST_ALERT_METRICS;
  const [name, setName] = useState('');
  const [metric, setMetric] = useState<AlertMetric>('guest_cpu');
  const [threshold, setThreshold] = useState('90');
  const [minutes, setMinutes] = useState('5');
  const [severity, setSeverity] = useState<'info' | 'warning' | 'critical'>('warning');
  const [channelIds, setChannelIds] = useState<string[]>([]);
  return (
    <>
      <PageHeader title={t('alerts.rules.title')} />
      <Box sx={{ display: 'grid', gap: 2 }}>
        <Table size="small" aria-label={t('alerts.rules.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('alerts.rules.name')}</TableCell>
              <TableCell>{t('alerts.rules.condition')}</TableCell>
              <TableCell>{t('alerts.fields.severity')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {(rules.data ?? []).map((r) => (
              <TableRow key={r.id}>
                <TableCell>{r.name}</TableCell>
                <TableCell>
                  {t('alerts.rules.summary', {
                    metric: t(`alerts.metrics.${r.metric}`),
                    threshold: r.threshold,
                    minutes: Math.round(r.forSec / 60),
                  })}
                </TableCell>
                <TableCell>
                  <SeverityChip severity={r.severity} />
                </TableCell>
                <TableCell>
                  <Button size="small" color="error" onClick={() => remove.mutate(r.id)}>
                    {t('alerts.rules.delete')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Card variant="outlined">
          <CardContent
            component="form"
            aria-label={t('alerts.rules.add')}
            sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate(
                {
                  companyId,
                  name,
                  metric,
                  threshold: Number(threshold),
                  forSec: Math.round(Number(minutes) * 60),
                  severity,
                  channelIds,
                },
                { onSuccess: () => setName('') },
              );
            }}
          >
            <Typography sx={{ width: '100%' }} variant="subtitle2" component="h2">
              {t('alerts.rules.add')}
            </Typography>
            <TextField
              size="small"
              label={t('alerts.rules.name')}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <TextField
              select
              size="small"
              label={t('alerts.rules.metric')}
              value={metric}
              onChange={(e) => setMetric(e.target.value as AlertMetric)}
            >
              {metrics.map((m) => (
                <MenuItem key={m} value={m}>
                  {t(`alerts.metrics.${m}`)}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              size="small"
              type="number"
              label={t('alerts.rules.threshold')}
              value={threshold}
              onChange={(e) => setThreshold(e.target.value)}
              sx={{ width: 110 }}
            />
            <TextField
              size="small"
              type="number"
              label={t('alerts.rules.forMinutes')}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              sx={{ width: 110 }}
            />
            <TextField
              select
              size="small"
              label={t('alerts.fields.severity')}
              value={severity}
              onChange={(e) => setSeverity(e.target.value as typeof severity)}
            >
              {(['info', 'warning', 'critical'] as const).map((s) => (
                <MenuItem key={s} value={s}>
                  {t(`alerts.severity.${s}`)}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              select
              size="small"
              label={t('alerts.rules.channels')}
              value={channelIds}
              onChange={(e) => setChannelIds(e.target.value as unknown as string[])}
              slotProps={{ select: { multiple: true } }}
              sx={{ minWidth: 180 }}
            >
              {(channels.data ?? []).map((c) => (
                <MenuItem key={c.id} value={c.id}>
                  {c.name}
                </MenuItem>
              ))}
            </TextField>
            <Button type="submit" variant="contained" disabled={create.isPending}>
              {t('alerts.rules.create')}
            </Button>
          </CardContent>
        </Card>
        {create.error && <ErrorAlert error={create.error} />}
        <ChannelsCard companyId={companyId} />
        <MaintenanceWindowsCard companyId={companyId} fleet={fleet} />
      </Box>
    </>
  );
}
