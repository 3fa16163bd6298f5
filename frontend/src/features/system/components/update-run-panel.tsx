import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLiveRun } from '../live/use-live-run';
import { seconds, statusColor } from './update-format';

const stepColor = (s: string) =>
  s === 'succeeded' ? 'success' : s === 'failed' ? 'error' : s === 'running' ? 'info' : 'default';

/** One run, live: status, the step list and the log (kept across page reloads and API restarts). */
export function UpdateRunPanel({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const { run, log, connected } = useLiveRun(runId);
  const logBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = logBox.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [log.length]);
  if (!run) return null;
  return (
    <Card variant="outlined" data-testid="update-run">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
            {t('system.updates.run', {
              kind: t(`system.updates.kind.${run.kind}`),
              from: run.from.version,
              to: run.to.version,
            })}
          </Typography>
          <Chip
            data-testid="run-status"
            color={statusColor(run.status)}
            label={t(`system.updates.status.${run.status}`)}
          />
        </Stack>
        {run.status === 'running' && !connected && (
          <Alert severity="info" sx={{ mb: 1 }}>
            {t('system.updates.reconnecting')}
          </Alert>
        )}
        {run.error && (
          <Alert severity={run.status === 'rolled_back' ? 'warning' : 'error'} sx={{ mb: 1 }}>
            {run.error}
          </Alert>
        )}
        <Stack direction="row" spacing={0.5} sx={{ flexWrap: 'wrap', mb: 1 }} useFlexGap>
          {run.steps.map((s, i) => (
            <Chip
              key={`${s.name}-${i}`}
              size="small"
              variant={s.status === 'running' ? 'filled' : 'outlined'}
              color={stepColor(s.status)}
              label={`${s.name} ${s.durationMs !== undefined ? seconds(s.durationMs) : ''}`}
            />
          ))}
        </Stack>
        <Box
          ref={logBox}
          data-testid="update-log"
          role="log"
          aria-label={t('system.updates.log')}
          sx={{
            fontFamily: 'monospace',
            fontSize: 12,
            bgcolor: 'action.hover',
            p: 1,
            borderRadius: 1,
            maxHeight: 320,
            overflow: 'auto',
            whiteSpace: 'pre-wrap',
          }}
        >
          {log.map((e) => `${e.at.slice(11, 19)} ${e.line}`).join('\n')}
        </Box>
      </CardContent>
    </Card>
  );
}
