import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { Slot } from '@/lib/slots';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useAcknowledgeAlert } from '../api/acknowledge-alert';
import { useAlert } from '../api/get-alert';
import { SeverityChip } from './severity-chip';
import { formatDateTime } from '@/lib/format-time';

/** One alert: what, since when, its history (who/when) and deliveries; acknowledge with a comment. */
export function AlertShowPage() {
  const { t } = useTranslation();
  const { alertId = '' } = useParams();
  const alert = useAlert(alertId);
  const ack = useAcknowledgeAlert(alertId);
  const canAck = useAuthorization().has(perm.alertsAcknowledge);
  const [comment, setComment] = useState('');
  if (alert.error) return <ErrorAlert error={alert.error} />;
  if (!alert.data) return <LoadingScreen />;
  const a = alert.data;
  return (
    <>
      <PageHeader
        title={`${a.ruleName}: ${a.targetLabel}`}
        actions={<Slot name="alert.show.actions" alertId={a.id} />}
        subtitle={
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
            <SeverityChip severity={a.severity} />
            <span>{t(`alerts.alertState.${a.state}`)}</span>
            {a.value !== null && (
              <span>{t('alerts.valueOf', { value: a.value, threshold: a.threshold })}</span>
            )}
          </Box>
        }
      />
      <Box sx={{ display: 'grid', gap: 2 }}>
        {a.acknowledgedAt ? (
          <Typography>
            {t('alerts.acknowledgedBy', {
              name: a.acknowledgedBy ?? '?',
              at: formatDateTime(a.acknowledgedAt),
            })}
            {a.ackComment ? `: ${a.ackComment}` : ''}
          </Typography>
        ) : (
          a.state === 'firing' &&
          canAck && (
            <Box
              component="form"
              sx={{ display: 'flex', gap: 2, alignItems: 'center' }}
              onSubmit={(e) => {
                e.preventDefault();
                ack.mutate(comment);
              }}
            >
              <TextField
                size="small"
                label={t('alerts.comment')}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                sx={{ flex: 1 }}
              />
              <Button type="submit" variant="contained" disabled={ack.isPending}>
                {t('alerts.acknowledge')}
              </Button>
            </Box>
          )
        )}
        {ack.error && <ErrorAlert error={ack.error} />}
        <Card variant="outlined">
          <CardContent>
            <Typography variant="subtitle2" component="h2">
              {t('alerts.history')}
            </Typography>
            <List dense aria-label={t('alerts.history')}>
              {a.events.map((e, i) => (
                <ListItem key={i}>
                  <ListItemText
                    primary={`${t(`alerts.events.${e.kind}`)}${e.userName ? ` · ${e.userName}` : ''}`}
                    secondary={`${formatDateTime(e.at)}${e.comment ? ` · ${e.comment}` : ''}`}
                  />
                </ListItem>
              ))}
            </List>
          </CardContent>
        </Card>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="subtitle2" component="h2">
              {t('alerts.deliveries')}
            </Typography>
            <List dense aria-label={t('alerts.deliveries')}>
              {a.deliveries.map((d) => (
                <ListItem key={d.id}>
                  <ListItemText
                    primary={`${d.channelName} · ${d.event} · ${d.status}`}
                    secondary={`${t('alerts.attempts', { count: d.attempts })}${d.error ? ` · ${d.error}` : ''}`}
                  />
                </ListItem>
              ))}
            </List>
          </CardContent>
        </Card>
      </Box>
    </>
  );
}
