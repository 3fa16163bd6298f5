import CheckCircleOutline from '@mui/icons-material/CheckCircleOutline';
import ErrorOutline from '@mui/icons-material/ErrorOutline';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useHealth, type HealthCheck } from '../api/get-health';

const isUp = (check: HealthCheck) => check.status === 'up';

/** The line under a check: its error, else its latency or last heartbeat, else its status. */
function checkDetail(t: TFunction, check: HealthCheck): string {
  if ('error' in check && check.error) return check.error;
  if ('latencyMs' in check && check.latencyMs !== undefined)
    return t('dashboard.health.latency', { ms: check.latencyMs });
  if ('lastHeartbeatAt' in check && check.lastHeartbeatAt)
    return t('dashboard.health.heartbeat', {
      at: new Date(check.lastHeartbeatAt).toLocaleTimeString(),
    });
  return t(`dashboard.health.check.${check.status}`, { defaultValue: check.status });
}

function formatUptime(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m`;
}

export function HealthCard() {
  const { t } = useTranslation();
  const health = useHealth();

  return (
    <Card>
      <CardHeader
        title={t('dashboard.health.title')}
        action={
          health.data && (
            <Chip
              color={health.data.status === 'ok' ? 'success' : 'error'}
              label={t(`dashboard.health.status.${health.data.status}`)}
            />
          )
        }
      />
      <CardContent sx={{ pt: 0 }}>
        {health.isPending && <Skeleton variant="rounded" height={120} />}
        <ErrorAlert error={health.error} />
        {health.data && (
          <>
            <List dense disablePadding aria-label={t('dashboard.health.title')}>
              {Object.entries(health.data.checks).map(([name, check]) => (
                <ListItem key={name} disableGutters>
                  <ListItemIcon>
                    {isUp(check) ? (
                      <CheckCircleOutline color="success" />
                    ) : (
                      <ErrorOutline color="error" />
                    )}
                  </ListItemIcon>
                  <ListItemText
                    primary={t(`dashboard.health.checks.${name}`, { defaultValue: name })}
                    secondary={checkDetail(t, check)}
                  />
                </ListItem>
              ))}
            </List>
            <Box sx={{ display: 'flex', gap: 2, mt: 1 }}>
              <Typography variant="body2" color="text.secondary">
                {t('dashboard.health.version', { version: health.data.version })}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {t('dashboard.health.uptime', { uptime: formatUptime(health.data.uptimeSeconds) })}
              </Typography>
            </Box>
          </>
        )}
      </CardContent>
    </Card>
  );
}
