import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { LineChart } from '@mui/x-charts/LineChart';
import { useTranslation } from 'react-i18next';
import type { ClusterHealthPoint } from '../api/types';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The chart's time axis: always the whole last 24 hours, so four checks read as four points on a
 * day rather than a curve stretched across the width (issue 16).
 */
export function healthHistoryAxis(now: number): { min: Date; max: Date } {
  return { min: new Date(now - DAY_MS), max: new Date(now) };
}

/**
 * Response time of each health check over the last 24 hours. A failed check breaks the line and
 * is marked in red on the baseline, so an outage reads as a gap with red dots. Each check is a
 * dot joined by straight lines: a smoothed curve would invent values between checks.
 */
export function HealthHistoryChart({
  points,
  now = Date.now(),
}: {
  points: ClusterHealthPoint[];
  now?: number;
}) {
  const { t } = useTranslation();
  const theme = useTheme();
  const label = t('clusters.show.history');
  const failures = points.filter((p) => !p.ok).length;
  return (
    <Box role="img" aria-label={label} data-testid="health-history">
      <Typography variant="subtitle2">{label}</Typography>
      {points.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {t('clusters.show.noHistory')}
        </Typography>
      ) : (
        <>
          <LineChart
            height={200}
            skipAnimation
            xAxis={[
              {
                data: points.map((p) => new Date(p.at)),
                scaleType: 'time',
                ...healthHistoryAxis(now),
              },
            ]}
            yAxis={[{ min: 0, width: 72, valueFormatter: (v: number) => `${v} ms` }]}
            series={[
              {
                data: points.map((p) => (p.ok ? p.latencyMs : null)),
                label: t('clusters.show.responseTime'),
                curve: 'linear',
                showMark: true,
                valueFormatter: (v) => (v === null ? '–' : `${v} ms`),
              },
              {
                data: points.map((p) => (p.ok ? null : 0)),
                label: t('clusters.show.failedCheck'),
                color: theme.palette.error.main,
                showMark: true,
                valueFormatter: (_v, { dataIndex }) => points[dataIndex]?.error ?? '',
              },
            ]}
          />
          <Typography variant="body2" color="text.secondary">
            {t('clusters.show.historySummary', { count: points.length, failures })}
          </Typography>
        </>
      )}
    </Box>
  );
}
