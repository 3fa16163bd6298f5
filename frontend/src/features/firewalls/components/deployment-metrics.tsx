import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { FIREWALL_DEPLOY_STEPS } from '@multpanel/contracts';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useDeploymentMetrics } from '../api/get-deployment-metrics';

const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`;
const pct = (r: number) => `${Math.round(r * 100)} %`;

/**
 * Deployment figures side by side by auth method (generated API key vs. one-time bootstrap
 * credential): count, success rate, mean/slowest and mean per step; then the rule/NAT change sets'
 * success rate and apply latency. Of one firewall when `firewallId` is given, else in total.
 */
export function DeploymentMetricsPanel({ firewallId }: { firewallId?: string }) {
  const { t } = useTranslation();
  const metrics = useDeploymentMetrics(firewallId);
  if (metrics.error) return <ErrorAlert error={metrics.error} />;
  const m = metrics.data;
  if (!m) return null;
  const steps = FIREWALL_DEPLOY_STEPS.filter((s) =>
    m.byAuthMethod.some((r) => r.stepMeanMs[s] !== undefined),
  );
  const c = m.changes;
  const title = t(firewallId ? 'firewalls.metrics.titleOne' : 'firewalls.metrics.title');
  return (
    <Paper component="section" variant="outlined" sx={{ p: 2, mb: 3 }} aria-label={title}>
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        {title}
      </Typography>
      {m.byAuthMethod.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {t('firewalls.metrics.none')}
        </Typography>
      ) : (
        <Table size="small" sx={{ mb: 2 }}>
          <TableHead>
            <TableRow>
              <TableCell>{t('firewalls.metrics.authMethod')}</TableCell>
              <TableCell align="right">{t('firewalls.metrics.deployments')}</TableCell>
              <TableCell align="right">{t('firewalls.metrics.successRate')}</TableCell>
              <TableCell align="right">{t('firewalls.metrics.mean')}</TableCell>
              <TableCell align="right">{t('firewalls.metrics.max')}</TableCell>
              {steps.map((s) => (
                <TableCell key={s} align="right">
                  {s}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {m.byAuthMethod.map((r) => (
              <TableRow key={r.authMethod}>
                <TableCell>{t(`firewalls.metrics.method.${r.authMethod}`)}</TableCell>
                <TableCell align="right">
                  {r.succeeded}/{r.deployments}
                </TableCell>
                <TableCell align="right">{pct(r.successRate)}</TableCell>
                <TableCell align="right">{ms(r.meanMs)}</TableCell>
                <TableCell align="right">{ms(r.maxMs)}</TableCell>
                {steps.map((s) => (
                  <TableCell key={s} align="right">
                    {ms(r.stepMeanMs[s])}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Typography variant="body2">
        {c.changes === 0
          ? t('firewalls.metrics.noChanges')
          : t('firewalls.metrics.changes', {
              applied: c.applied,
              changes: c.changes,
              rate: pct(c.successRate),
              mean: ms(c.meanMs),
              max: ms(c.maxMs),
            })}
      </Typography>
    </Paper>
  );
}
