import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { useAlerts } from '../api/list-alerts';
import { SeverityChip } from './severity-chip';
import { formatDateTime } from '@/lib/format-time';

/** /mobile: the open alerts of the customer's guests, newest first. */
export function MobileAlertsPage() {
  const { t } = useTranslation();
  const alerts = useAlerts({ state: 'open', page: 1, pageSize: 50 });
  if (alerts.error) return <ErrorAlert error={alerts.error} />;
  if (!alerts.data) return <LoadingScreen />;
  return (
    <Stack spacing={1.5}>
      <Typography variant="h5" component="h1">
        {t('alerts.mobileTitle')}
      </Typography>
      {alerts.data.items.length === 0 && (
        <Typography color="text.secondary">{t('alerts.none')}</Typography>
      )}
      {alerts.data.items.map((a) => (
        <Card key={a.id} variant="outlined">
          <CardContent>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <SeverityChip severity={a.severity} />
              <Typography variant="subtitle1" component="h2">
                {a.targetLabel}
              </Typography>
            </Stack>
            <Typography variant="body2">
              {a.ruleName}
              {a.value !== null
                ? ` · ${t('alerts.valueOf', { value: a.value, threshold: a.threshold })}`
                : ''}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {formatDateTime(a.firedAt, '')}
              {a.acknowledgedAt ? ` · ${t('alerts.acknowledged')}` : ''}
            </Typography>
          </CardContent>
        </Card>
      ))}
    </Stack>
  );
}
