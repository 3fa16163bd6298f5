import DeleteOutline from '@mui/icons-material/DeleteOutline';
import EditOutlined from '@mui/icons-material/EditOutlined';
import NetworkCheck from '@mui/icons-material/NetworkCheck';
import Sync from '@mui/icons-material/Sync';
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
import { Permission } from '@multpanel/contracts/permissions';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { isApiError } from '@/lib/api-error';
import { useAuthorization } from '@/lib/authorization';
import { useDeleteCluster, useSyncCluster, useTestCluster } from '../api/cluster-mutations';
import {
  useCluster,
  useClusterCeph,
  useClusterHealthHistory,
  useClusterNodes,
  useClusterStorages,
} from '../api/get-cluster';
import type { ClusterStorageView } from '../api/types';
import { useClusterHealthLive } from '../live/use-cluster-health-live';
import { BulkTestResults } from './bulk-test-results';
import { ClusterNodesTable } from './cluster-nodes-table';
import { ClusterStatusChip } from './cluster-status-chip';
import { ClusterRemoveDialog } from './cluster-remove-dialog';
import { ago, gib, ms, percent } from './format';
import { HealthHistoryChart } from './health-history-chart';
import { useNow } from './use-now';
import { UsageBar } from './usage-bar';

/** A shared storage is the same pool on every node: list it once. */
function visibleStorages(all: ClusterStorageView[]): ClusterStorageView[] {
  const seen = new Set<string>();
  return all.filter((s) => {
    if (s.goneAt) return false;
    if (!s.shared) return true;
    if (seen.has(s.storage)) return false;
    seen.add(s.storage);
    return true;
  });
}

const CEPH_COLOR = { HEALTH_OK: 'success', HEALTH_WARN: 'warning', HEALTH_ERR: 'error' } as const;

/** One cluster: health and its 24-hour history, nodes, storages, Ceph, and the actions. */
export function ClusterShowPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const authz = useAuthorization();
  const { clusterId = '' } = useParams();
  const cluster = useCluster(clusterId);
  const canManage = authz.has(Permission.ClusterManage);
  const nodes = useClusterNodes(clusterId, canManage);
  const storages = useClusterStorages(clusterId);
  const history = useClusterHealthHistory(clusterId);
  const ceph = useClusterCeph(clusterId);
  useClusterHealthLive(canManage);
  useNow(15_000);
  const test = useTestCluster();
  const sync = useSyncCluster();
  const remove = useDeleteCluster();
  const [removing, setRemoving] = useState(false);
  const c = cluster.data;
  const cephMissing = isApiError(ceph.error) && ceph.error.status === 404;

  return (
    <>
      <PageHeader
        title={c?.name ?? t('clusters.title')}
        subtitle={c ? c.endpoints.map((e) => e.url).join(', ') : undefined}
        actions={
          <>
            <Button component={RouterLink} to="/clusters">
              {t('clusters.show.back')}
            </Button>
            {c && canManage && (
              <>
                <Button
                  startIcon={<NetworkCheck />}
                  disabled={test.isPending}
                  onClick={() => test.mutate(c.id)}
                >
                  {t('clusters.show.test')}
                </Button>
                <Button
                  startIcon={<Sync />}
                  disabled={sync.isPending}
                  onClick={() => sync.mutate(c.id)}
                >
                  {t('clusters.show.sync')}
                </Button>
                <Button
                  startIcon={<EditOutlined />}
                  component={RouterLink}
                  to={`/clusters/${c.id}/edit`}
                >
                  {t('common.edit')}
                </Button>
                <Button
                  color="error"
                  startIcon={<DeleteOutline />}
                  onClick={() => setRemoving(true)}
                >
                  {t('clusters.show.remove')}
                </Button>
              </>
            )}
          </>
        }
      />
      <ErrorAlert error={cluster.error ?? test.error ?? sync.error} sx={{ mb: 2 }} />
      {sync.isSuccess && (
        <Alert severity="info" sx={{ mb: 2 }} onClose={() => sync.reset()}>
          {t('clusters.show.syncQueued')}
        </Alert>
      )}
      {test.data && c && (
        <BulkTestResults
          rows={[{ clusterId: c.id, name: c.name, result: test.data, error: test.data.error }]}
          onClose={() => test.reset()}
        />
      )}
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
                  avg: ms(c.health.avgLatencyMs),
                  p95: ms(c.health.p95LatencyMs),
                })}
              </Typography>
              <Typography>
                {t('clusters.show.successRate', { rate: percent(c.health.successRate) })}
              </Typography>
              <Typography color="text.secondary">
                {t('clusters.show.lastCheck', { when: ago(c.health.lastCheckAt) })}
              </Typography>
              {c.health.quorate === false && (
                <Chip size="small" color="error" label={t('clusters.noQuorum')} />
              )}
              {ceph.data?.health && (
                <Chip
                  size="small"
                  color={CEPH_COLOR[ceph.data.health as keyof typeof CEPH_COLOR] ?? 'default'}
                  label={t('clusters.show.ceph', { health: ceph.data.health })}
                />
              )}
              {cephMissing && (
                <Chip size="small" variant="outlined" label={t('clusters.show.noCeph')} />
              )}
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
            {c.lastSyncError && (
              <Alert severity="warning" sx={{ mt: 2 }}>
                {t('clusters.show.syncError', { error: c.lastSyncError })}
              </Alert>
            )}
            <Box sx={{ mt: 2 }}>
              <HealthHistoryChart points={history.data ?? []} />
            </Box>
          </Paper>

          <ClusterNodesTable clusterId={c.id} data={nodes.data} canOperate={canManage} />

          <Paper variant="outlined">
            <Typography variant="h6" sx={{ p: 2, pb: 0 }}>
              {t('clusters.show.storages')}
            </Typography>
            <Table size="small" aria-label={t('clusters.show.storages')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('clusters.show.storage')}</TableCell>
                  <TableCell>{t('clusters.unassigned.node')}</TableCell>
                  <TableCell>{t('clusters.show.type')}</TableCell>
                  <TableCell>{t('clusters.show.used')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {visibleStorages(storages.data ?? []).map((s) => (
                  <TableRow key={`${s.node}/${s.storage}`}>
                    <TableCell>
                      {s.storage}
                      {s.shared && (
                        <Chip size="small" sx={{ ml: 1 }} label={t('clusters.show.shared')} />
                      )}
                    </TableCell>
                    <TableCell>{s.shared ? t('clusters.show.allNodes') : s.node}</TableCell>
                    <TableCell>{s.type ?? ''}</TableCell>
                    <TableCell>
                      {s.usedBytes !== null && s.totalBytes ? (
                        <UsageBar
                          ratio={s.usedBytes / s.totalBytes}
                          label={t('clusters.show.storageUse', {
                            storage: s.storage,
                            node: s.node,
                          })}
                          text={`${gib(s.usedBytes)} / ${gib(s.totalBytes)}`}
                        />
                      ) : (
                        '–'
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Paper>

          <Box sx={{ display: 'flex', gap: 2 }}>
            <Button variant="outlined" component={RouterLink} to={`/vms?clusterId=${c.id}`}>
              {t('clusters.show.guests', { count: c.counts.guests })}
            </Button>
            <Button component={RouterLink} to={`/clusters/unassigned?clusterId=${c.id}`}>
              {t('clusters.show.unassigned', { count: c.counts.unassignedGuests })}
            </Button>
          </Box>
        </Box>
      )}
      {c && (
        <ClusterRemoveDialog
          open={removing}
          name={c.name}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() =>
            remove.mutate(c.id, { onSuccess: () => void navigate('/clusters', { replace: true }) })
          }
          onClose={() => {
            remove.reset();
            setRemoving(false);
          }}
        />
      )}
    </>
  );
}
