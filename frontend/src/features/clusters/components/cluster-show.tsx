import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import {
  useCluster,
  useClusterCeph,
  useClusterHealthHistory,
  useClusterNodes,
  useClusterStorages,
} from '../api/get-cluster';
import { ClusterStatusChip } from './cluster-status-chip';
import { HealthSparkline } from './health-sparkline';

const gib = (bytes: number | null) =>
  bytes === null ? '–' : `${(bytes / 1024 ** 3).toFixed(0)} GiB`;

export function ClusterShowPage() {
  const { t } = useTranslation();
  const { clusterId = '' } = useParams();
  const cluster = useCluster(clusterId);
  const nodes = useClusterNodes(clusterId);
  const storages = useClusterStorages(clusterId);
  const history = useClusterHealthHistory(clusterId);
  const ceph = useClusterCeph(clusterId);
  const c = cluster.data;

  return (
    <>
      <PageHeader
        title={c?.name ?? t('clusters.title')}
        subtitle={c ? c.endpoints.map((e) => e.url).join(', ') : undefined}
        actions={
          <Button component={RouterLink} to="/clusters">
            {t('clusters.show.back')}
          </Button>
        }
      />
      <ErrorAlert error={cluster.error} sx={{ mb: 2 }} />
      {c && (
        <Box sx={{ display: 'grid', gap: 3 }}>
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
              <ClusterStatusChip status={c.health.status} />
              <Typography>
                {t('clusters.show.version', { version: c.pveVersion ?? '–' })}
              </Typography>
              <Typography>
                {t('clusters.show.latency', {
                  avg: c.health.avgLatencyMs ?? '–',
                  p95: c.health.p95LatencyMs ?? '–',
                })}
              </Typography>
              <Typography>
                {t('clusters.show.successRate', {
                  rate:
                    c.health.successRate === null ? '–' : (c.health.successRate * 100).toFixed(1),
                })}
              </Typography>
              {ceph.data?.health && <Chip size="small" label={`Ceph ${ceph.data.health}`} />}
            </Box>
            {c.health.status === 'offline' && (
              <Alert severity="error" sx={{ mt: 2 }}>
                {t('clusters.show.offline', { error: c.health.lastError ?? '' })}
              </Alert>
            )}
            {c.health.status === 'degraded' && c.health.lastError && (
              <Alert severity="warning" sx={{ mt: 2 }}>
                {c.health.lastError}
              </Alert>
            )}
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              {t('clusters.show.history')}
            </Typography>
            <HealthSparkline points={history.data ?? []} label={t('clusters.show.history')} />
          </Paper>

          <Paper variant="outlined">
            <Typography variant="h6" sx={{ p: 2, pb: 0 }}>
              {t('clusters.show.nodes')}
            </Typography>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('clusters.fields.name')}</TableCell>
                  <TableCell>{t('clusters.fields.status')}</TableCell>
                  <TableCell align="right">{t('clusters.unassigned.cpus')}</TableCell>
                  <TableCell align="right">{t('clusters.unassigned.memory')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {(nodes.data ?? [])
                  .filter((n) => !n.goneAt)
                  .map((n) => (
                    <TableRow key={n.name}>
                      <TableCell>{n.name}</TableCell>
                      <TableCell>{n.status}</TableCell>
                      <TableCell align="right">{n.maxcpu ?? '–'}</TableCell>
                      <TableCell align="right">{gib(n.maxmemBytes)}</TableCell>
                    </TableRow>
                  ))}
              </TableBody>
            </Table>
          </Paper>

          <Paper variant="outlined">
            <Typography variant="h6" sx={{ p: 2, pb: 0 }}>
              {t('clusters.show.storages')}
            </Typography>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('clusters.show.storage')}</TableCell>
                  <TableCell>{t('clusters.unassigned.node')}</TableCell>
                  <TableCell>{t('clusters.show.type')}</TableCell>
                  <TableCell align="right">{t('clusters.show.used')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {(storages.data ?? [])
                  .filter((s) => !s.goneAt)
                  .map((s) => (
                    <TableRow key={`${s.node}/${s.storage}`}>
                      <TableCell>{s.storage}</TableCell>
                      <TableCell>{s.node}</TableCell>
                      <TableCell>{s.type ?? ''}</TableCell>
                      <TableCell align="right">
                        {gib(s.usedBytes)} / {gib(s.totalBytes)}
                      </TableCell>
                    </TableRow>
                  ))}
              </TableBody>
            </Table>
          </Paper>

          <Box>
            <Button component={RouterLink} to={`/clusters/unassigned?clusterId=${c.id}`}>
              {t('clusters.show.unassigned', { count: c.counts.unassignedGuests })}
            </Button>
          </Box>
        </Box>
      )}
    </>
  );
}
