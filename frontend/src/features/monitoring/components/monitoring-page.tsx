import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { useClusterMetrics } from '../api/get-cluster-metrics';
import { useFleet } from '../api/get-fleet';
import type { FleetCluster } from '../api/types';
import { LatestFigures, MetricCharts } from './metric-charts';
import { TimeframeToggle, useTimeframe } from './timeframe-toggle';

function ClusterCharts({ cluster }: { cluster: FleetCluster }) {
  const { t } = useTranslation();
  const [timeframe, setTimeframe] = useTimeframe();
  const metrics = useClusterMetrics(cluster.clusterId, timeframe);
  return (
    <Card>
      <CardContent sx={{ display: 'grid', gap: 2 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
          <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
            {t('monitoring.clusterCharts', { name: cluster.name })}
          </Typography>
          <TimeframeToggle value={timeframe} onChange={setTimeframe} />
        </Box>
        {metrics.error ? (
          <ErrorAlert error={metrics.error} />
        ) : metrics.data ? (
          <MetricCharts data={metrics.data} />
        ) : (
          <LoadingScreen />
        )}
        {cluster.nodes.length > 0 && (
          <Table size="small" aria-label={t('monitoring.nodes')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('monitoring.node')}</TableCell>
                <TableCell>{t('monitoring.now')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {cluster.nodes.map((n) => (
                <TableRow key={n.node}>
                  <TableCell>
                    <Link
                      component={RouterLink}
                      to={`/monitoring/clusters/${cluster.clusterId}/nodes/${encodeURIComponent(n.node)}`}
                    >
                      {n.node}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <LatestFigures p={n.latest} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

/** Staff: every cluster's current figures, and one cluster's charts (`?cluster=`). */
export function MonitoringPage() {
  const { t } = useTranslation();
  const fleet = useFleet();
  const [params, setParams] = useSearchParams();
  if (fleet.error) return <ErrorAlert error={fleet.error} />;
  if (!fleet.data) return <LoadingScreen />;
  const clusters = fleet.data.clusters;
  const selected = clusters.find((c) => c.clusterId === params.get('cluster')) ?? clusters[0];
  return (
    <>
      <PageHeader title={t('monitoring.title')} subtitle={t('monitoring.subtitle')} />
      {clusters.length === 0 ? (
        <Alert severity="info">{t('monitoring.noClusters')}</Alert>
      ) : (
        <Box sx={{ display: 'grid', gap: 3 }}>
          <Table size="small" aria-label={t('monitoring.clusters')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('monitoring.cluster')}</TableCell>
                <TableCell>{t('monitoring.status')}</TableCell>
                <TableCell>{t('monitoring.now')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {clusters.map((c) => (
                <TableRow
                  key={c.clusterId}
                  hover
                  selected={c.clusterId === selected?.clusterId}
                  onClick={() =>
                    setParams(
                      (p) => {
                        p.set('cluster', c.clusterId);
                        return p;
                      },
                      { replace: true },
                    )
                  }
                  sx={{ cursor: 'pointer' }}
                >
                  <TableCell>{c.name}</TableCell>
                  <TableCell>
                    <Chip size="small" label={c.status} />
                  </TableCell>
                  <TableCell>
                    <LatestFigures p={c.latest} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {selected && <ClusterCharts key={selected.clusterId} cluster={selected} />}
        </Box>
      )}
    </>
  );
}
