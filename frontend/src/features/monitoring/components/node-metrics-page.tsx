import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { useNodeMetrics } from '../api/get-node-metrics';
import { MetricCharts } from './metric-charts';
import { TimeframeToggle, useTimeframe } from './timeframe-toggle';

/** One node's stored aggregates: CPU, memory, network and disk I/O of its guests. */
export function NodeMetricsPage() {
  const { t } = useTranslation();
  const { clusterId = '', node = '' } = useParams();
  const [timeframe, setTimeframe] = useTimeframe();
  const metrics = useNodeMetrics(clusterId, node, timeframe);
  return (
    <>
      <PageHeader
        title={t('monitoring.nodeTitle', { node })}
        actions={
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
            <TimeframeToggle value={timeframe} onChange={setTimeframe} />
            <Button component={RouterLink} to={`/monitoring?cluster=${clusterId}`}>
              {t('common.back')}
            </Button>
          </Box>
        }
      />
      {metrics.error ? (
        <ErrorAlert error={metrics.error} />
      ) : metrics.data ? (
        <MetricCharts data={metrics.data} />
      ) : (
        <LoadingScreen />
      )}
    </>
  );
}
