import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { LineChart } from '@mui/x-charts/LineChart';
import { useTranslation } from 'react-i18next';
import type { MetricPointDto, MetricSeriesDto } from '../api/types';
import { bytes, rate } from './format';

type Series = { label: string; data: Array<number | null>; format: (v: number | null) => string };

function Chart({ title, times, series }: { title: string; times: Date[]; series: Series[] }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="subtitle2" component="h3">
          {title}
        </Typography>
        <Box role="img" aria-label={title}>
          <LineChart
            height={200}
            skipAnimation
            xAxis={[{ data: times, scaleType: 'time' }]}
            yAxis={[{ min: 0, width: 80, valueFormatter: (v: number) => series[0].format(v) }]}
            series={series.map((s) => ({
              data: s.data,
              label: s.label,
              showMark: false,
              valueFormatter: (v: number | null) => s.format(v),
            }))}
          />
        </Box>
      </CardContent>
    </Card>
  );
}

const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : null);
const fmtPct = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} %`);

/** CPU, memory, network and disk I/O of one stored series (cluster, node or company). */
export function MetricCharts({ data }: { data: MetricSeriesDto }) {
  const { t } = useTranslation();
  const pts: MetricPointDto[] = data.points;
  if (pts.length === 0) {
    return (
      <Typography color="text.secondary" sx={{ py: 2 }}>
        {t('monitoring.noData')}
      </Typography>
    );
  }
  const times = pts.map((p) => new Date(p.at));
  const allocated = data.kind === 'company';
  return (
    <Box
      sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: 'repeat(2, 1fr)' } }}
      data-testid="metric-charts"
    >
      <Chart
        title={t(allocated ? 'monitoring.chart.cpuAllocated' : 'monitoring.chart.cpu')}
        times={times}
        series={[
          {
            label: t('monitoring.chart.cpuUsed'),
            data: pts.map((p) => pct(p.cpu, p.maxcpu)),
            format: fmtPct,
          },
        ]}
      />
      <Chart
        title={t(allocated ? 'monitoring.chart.memoryAllocated' : 'monitoring.chart.memory')}
        times={times}
        series={[
          {
            label: t('monitoring.chart.memoryUsed'),
            data: pts.map((p) => pct(p.mem, p.maxmem)),
            format: fmtPct,
          },
        ]}
      />
      <Chart
        title={t('monitoring.chart.network')}
        times={times}
        series={[
          { label: t('monitoring.chart.in'), data: pts.map((p) => p.netin), format: rate },
          { label: t('monitoring.chart.out'), data: pts.map((p) => p.netout), format: rate },
        ]}
      />
      <Chart
        title={t('monitoring.chart.diskIo')}
        times={times}
        series={[
          { label: t('monitoring.chart.read'), data: pts.map((p) => p.diskread), format: rate },
          { label: t('monitoring.chart.write'), data: pts.map((p) => p.diskwrite), format: rate },
        ]}
      />
    </Box>
  );
}

/** One line of current figures: CPU, memory, guests running. */
export function LatestFigures({ p }: { p: MetricPointDto | null }) {
  const { t } = useTranslation();
  if (!p) return <>{t('monitoring.noRecentSample')}</>;
  return (
    <>
      {t('monitoring.latest', {
        cpu: p.maxcpu > 0 ? ((100 * p.cpu) / p.maxcpu).toFixed(0) : '–',
        mem: bytes(p.mem),
        maxmem: bytes(p.maxmem),
        running: p.running,
        guests: p.guests,
      })}
    </>
  );
}
