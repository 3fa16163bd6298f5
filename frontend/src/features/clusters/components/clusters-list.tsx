import Add from '@mui/icons-material/Add';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import NetworkCheck from '@mui/icons-material/NetworkCheck';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { Permission } from '@multpanel/contracts/permissions';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { useDeleteCluster, useTestCluster } from '../api/cluster-mutations';
import { useClusters } from '../api/list-clusters';
import type { ClusterTestResult, ClusterView } from '../api/types';
import { ClusterStatusChip } from './cluster-status-chip';

export function ClustersListPage() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const clusters = useClusters();
  const remove = useDeleteCluster();
  const test = useTestCluster();
  const [target, setTarget] = useState<ClusterView | null>(null);
  const [tested, setTested] = useState<{ name: string; result: ClusterTestResult } | null>(null);
  const canManage = authz.has(Permission.ClusterManage);

  return (
    <>
      <PageHeader
        title={t('clusters.title')}
        subtitle={t('clusters.subtitle')}
        actions={
          <>
            <Button component={RouterLink} to="/clusters/unassigned">
              {t('clusters.unassigned.nav')}
            </Button>
            {canManage && (
              <Button
                variant="contained"
                startIcon={<Add />}
                component={RouterLink}
                to="/clusters/new"
              >
                {t('clusters.add')}
              </Button>
            )}
          </>
        }
      />
      <ErrorAlert error={clusters.error ?? test.error} sx={{ mb: 2 }} />
      {tested && (
        <Alert
          severity={tested.result.ok ? 'success' : 'error'}
          sx={{ mb: 2 }}
          onClose={() => setTested(null)}
        >
          {tested.result.ok
            ? t('clusters.testOk', {
                name: tested.name,
                version: tested.result.version,
                latency: tested.result.latencyMs,
              })
            : `${tested.name}: ${tested.result.error ?? ''}`}
        </Alert>
      )}
      <TableContainer component={Paper} variant="outlined">
        <Table size="small" aria-label={t('clusters.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('clusters.fields.name')}</TableCell>
              <TableCell>{t('clusters.fields.status')}</TableCell>
              <TableCell>{t('clusters.fields.version')}</TableCell>
              <TableCell align="right">{t('clusters.fields.nodes')}</TableCell>
              <TableCell align="right">{t('clusters.fields.guests')}</TableCell>
              <TableCell align="right">{t('clusters.fields.unassigned')}</TableCell>
              <TableCell align="right">{t('clusters.fields.latency')}</TableCell>
              <TableCell>{t('clusters.fields.location')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {(clusters.data ?? []).map((c) => (
              <TableRow key={c.id} hover>
                <TableCell>
                  <Typography
                    fontWeight={600}
                    component={RouterLink}
                    to={`/clusters/${c.id}`}
                    color="inherit"
                  >
                    {c.name}
                  </Typography>
                  <Typography variant="body2" color="text.secondary">
                    {c.endpoints.map((e) => e.url).join(', ')}
                  </Typography>
                </TableCell>
                <TableCell>
                  <Tooltip title={c.health.lastError ?? ''}>
                    <span>
                      <ClusterStatusChip status={c.health.status} />
                    </span>
                  </Tooltip>
                </TableCell>
                <TableCell>{c.pveVersion ?? '–'}</TableCell>
                <TableCell align="right">{c.counts.nodes}</TableCell>
                <TableCell align="right">{c.counts.guests}</TableCell>
                <TableCell align="right">{c.counts.unassignedGuests}</TableCell>
                <TableCell align="right">
                  {c.health.avgLatencyMs === null ? '–' : `${c.health.avgLatencyMs} ms`}
                </TableCell>
                <TableCell>{c.location ?? ''}</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {canManage && (
                    <>
                      <IconButton
                        aria-label={t('clusters.test', { name: c.name })}
                        disabled={test.isPending}
                        onClick={() =>
                          test.mutate(c.id, {
                            onSuccess: (result) => setTested({ name: c.name, result }),
                          })
                        }
                      >
                        <NetworkCheck />
                      </IconButton>
                      <IconButton
                        aria-label={t('clusters.remove', { name: c.name })}
                        onClick={() => setTarget(c)}
                      >
                        <DeleteOutline />
                      </IconButton>
                    </>
                  )}
                </TableCell>
              </TableRow>
            ))}
            {clusters.data?.length === 0 && (
              <TableRow>
                <TableCell colSpan={9}>{t('clusters.empty')}</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <ConfirmDialog
        open={!!target}
        title={t('clusters.removeTitle', { name: target?.name ?? '' })}
        message={t('clusters.removeMessage')}
        confirmLabel={t('clusters.removeConfirm')}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => target && remove.mutate(target.id, { onSuccess: () => setTarget(null) })}
        onClose={() => {
          remove.reset();
          setTarget(null);
        }}
      />
    </>
  );
}
