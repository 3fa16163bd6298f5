import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { LineChart } from '@mui/x-charts/LineChart';
import { useTranslation } from 'react-i18next';
import type { ClusterHealthPoint } from '../api/types';

/**
 * Response time of each health check over the last 24 hours. A failed check breaks the line and
 * is marked in red on the baseline, so an outage reads as a gap with red dots.
 */
export function HealthHistoryChart({ points }: { points: ClusterHealthPoint[] }) {
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
            xAxis={[{ data: points.map((p) => new Date(p.at)), scaleType: 'time' }]}
            yAxis={[{ min: 0, width: 72, valueFormatter: (v: number) => `${v} ms` }]}
            series={[
              {
                data: points.map((p) => (p.ok ? p.latencyMs : null)),
                label: t('clusters.show.responseTime'),
                showMark: false,
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
