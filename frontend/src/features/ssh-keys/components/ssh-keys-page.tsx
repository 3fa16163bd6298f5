import EditOutlined from '@mui/icons-material/EditOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import IconButton from '@mui/material/IconButton';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { SshNodeHealthView, SshNodeResult } from '@multpanel/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { EmptyState } from '@/components/empty-state';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import type { Job } from '@/lib/jobs/types';
import { JobProgress } from '@/components/jobs/job-progress';
import { sshKeyKeys, useSshKeys } from '../api/get-ssh-keys';
import { useRotateSshKey, useTestSsh } from '../api/ssh-mutations';
import { useSshKeyHealthLive } from '../live/use-ssh-key-health-live';
import { NodeResults } from './node-results';
import { NodeTargetDialog } from './node-target-dialog';
import { PushDialog } from './push-dialog';
import { formatDateTime } from '@/lib/format-time';

interface ClusterGroup {
  clusterId: string;
  clusterName: string;
  sshUser: string;
  nodes: SshNodeHealthView[];
}

const when = (iso: string | null) => formatDateTime(iso);

/** super_admin: the platform key, its rotation, pushes and the per-node health matrix. */
export function SshKeysPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const overview = useSshKeys();
  const rotate = useRotateSshKey();
  const test = useTestSsh();
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [rotateJob, setRotateJob] = useState<Job | null>(null);
  const [rotateResults, setRotateResults] = useState<SshNodeResult[] | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [pushing, setPushing] = useState<Parameters<typeof PushDialog>[0]['target'] | null>(null);
  const [testResults, setTestResults] = useState<SshNodeResult[] | null>(null);
  const [copied, setCopied] = useState(false);
  const [editing, setEditing] = useState<SshNodeHealthView | null>(null);
  useSshKeyHealthLive();

  const clusters = useMemo<ClusterGroup[]>(() => {
    const map = new Map<string, ClusterGroup>();
    for (const n of overview.data?.nodes ?? []) {
      const g = map.get(n.clusterId) ?? {
        clusterId: n.clusterId,
        clusterName: n.clusterName,
        sshUser: n.sshUser,
        nodes: [],
      };
      g.nodes.push(n);
      map.set(n.clusterId, g);
    }
    return [...map.values()];
  }, [overview.data]);

  const active = overview.data?.activeKey ?? null;
  const rotating = !!rotateJob && !['succeeded', 'failed', 'cancelled'].includes(rotateJob.status);

  const copy = async () => {
    if (!active) return;
    await navigator.clipboard?.writeText(active.publicKey);
    setCopied(true);
  };

  return (
    <>
      <PageHeader
        title={t('sshKeys.title')}
        subtitle={t('sshKeys.subtitle')}
        actions={
          <>
            <Button
              variant="outlined"
              disabled={selected.length === 0}
              onClick={() => setPushing({ kind: 'bulk', clusterIds: selected })}
            >
              {t('sshKeys.bulkPush', { count: selected.length })}
            </Button>
            <Button
              variant="contained"
              disabled={rotating || rotate.isPending || !active}
              onClick={() => setConfirmRotate(true)}
            >
              {t('sshKeys.rotate')}
            </Button>
          </>
        }
      />
      <ErrorAlert error={overview.error ?? test.error} sx={{ mb: 2 }} />

      <Card sx={{ mb: 2 }}>
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            {t('sshKeys.activeKey')}
          </Typography>
          {active ? (
            <Stack spacing={1}>
              <Typography data-testid="ssh-active-fingerprint">
                {t('sshKeys.fingerprint')}: <code>{active.fingerprint}</code>
              </Typography>
              <Typography color="text.secondary">
                {t('sshKeys.created', { date: when(active.createdAt) })}
              </Typography>
              <Box
                component="pre"
                sx={{ m: 0, p: 1, overflowX: 'auto', bgcolor: 'action.hover', borderRadius: 1 }}
              >
                {active.publicKey}
              </Box>
              <Box>
                <Button size="small" onClick={() => void copy()}>
                  {copied ? t('sshKeys.copied') : t('sshKeys.copy')}
                </Button>
              </Box>
            </Stack>
          ) : (
            <Typography>{overview.isLoading ? '…' : t('sshKeys.noKey')}</Typography>
          )}
          {rotateJob && (
            <Box sx={{ mt: 2 }}>
              <JobProgress
                jobId={rotateJob.id}
                initial={rotateJob}
                showLog
                onDone={(job) => {
                  setRotateJob(job);
                  setRotateResults(
                    (job.result as { nodes?: SshNodeResult[] } | null)?.nodes ?? null,
                  );
                  void queryClient.invalidateQueries({ queryKey: sshKeyKeys.all });
                }}
              />
              {rotateResults && <NodeResults results={rotateResults} />}
            </Box>
          )}
        </CardContent>
      </Card>

      {testResults && (
        <Card sx={{ mb: 2 }}>
          <CardContent>
            <NodeResults results={testResults} />
          </CardContent>
        </Card>
      )}

      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {t('sshKeys.health')}
      </Typography>
      {clusters.length === 0 && !overview.isLoading ? (
        <EmptyState title={t('sshKeys.empty')} />
      ) : (
        <Table size="small" aria-label={t('sshKeys.health')}>
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox" />
              <TableCell>{t('sshKeys.cluster')}</TableCell>
              <TableCell>{t('sshKeys.node')}</TableCell>
              <TableCell>{t('sshKeys.target')}</TableCell>
              <TableCell>{t('sshKeys.acceptsActive')}</TableCell>
              <TableCell>{t('sshKeys.lastCheck')}</TableCell>
              <TableCell>{t('sshKeys.error')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {clusters.map((c) =>
              c.nodes.map((n, i) => (
                <TableRow key={`${c.clusterId}/${n.node}`} data-testid={`ssh-node-${n.node}`}>
                  {i === 0 && (
                    <TableCell padding="checkbox" rowSpan={c.nodes.length}>
                      <Checkbox
                        inputProps={{ 'aria-label': c.clusterName }}
                        checked={selected.includes(c.clusterId)}
                        onChange={(e) =>
                          setSelected((s) =>
                            e.target.checked
                              ? [...s, c.clusterId]
                              : s.filter((x) => x !== c.clusterId),
                          )
                        }
                      />
                    </TableCell>
                  )}
                  {i === 0 && <TableCell rowSpan={c.nodes.length}>{c.clusterName}</TableCell>}
                  <TableCell>{n.node}</TableCell>
                  <TableCell>
                    <code>{`${n.sshUser}@${n.host}:${n.port}`}</code>
                    <IconButton
                      size="small"
                      aria-label={t('sshKeys.editTarget', { node: n.node })}
                      onClick={() => setEditing(n)}
                    >
                      <EditOutlined fontSize="small" />
                    </IconButton>
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      color={
                        n.acceptsActive === null ? 'default' : n.acceptsActive ? 'success' : 'error'
                      }
                      label={
                        n.acceptsActive === null
                          ? t('sshKeys.unknown')
                          : n.acceptsActive
                            ? t('sshKeys.yes')
                            : t('sshKeys.no')
                      }
                    />
                  </TableCell>
                  <TableCell>{when(n.lastCheckAt)}</TableCell>
                  <TableCell sx={{ maxWidth: 260 }}>{n.lastError ?? ''}</TableCell>
                  {i === 0 && (
                    <TableCell rowSpan={c.nodes.length} sx={{ whiteSpace: 'nowrap' }}>
                      <Button
                        size="small"
                        onClick={() =>
                          setPushing({
                            kind: 'cluster',
                            clusterId: c.clusterId,
                            name: c.clusterName,
                            user: c.sshUser,
                          })
                        }
                      >
                        {t('sshKeys.push')}
                      </Button>
                      <Button
                        size="small"
                        disabled={test.isPending}
                        onClick={() => test.mutate(c.clusterId, { onSuccess: setTestResults })}
                      >
                        {t('sshKeys.test')}
                      </Button>
                    </TableCell>
                  )}
                </TableRow>
              )),
            )}
          </TableBody>
        </Table>
      )}

      <ConfirmDialog
        open={confirmRotate}
        title={t('sshKeys.rotateTitle')}
        message={t('sshKeys.rotateMessage')}
        confirmLabel={t('sshKeys.rotateConfirm')}
        destructive={false}
        pending={rotate.isPending}
        error={rotate.error}
        onClose={() => setConfirmRotate(false)}
        onConfirm={() =>
          rotate.mutate(undefined, {
            onSuccess: (answer) => {
              setConfirmRotate(false);
              setRotateResults(null);
              setRotateJob(answer.job);
            },
          })
        }
      />
      {editing && <NodeTargetDialog node={editing} onClose={() => setEditing(null)} />}
      {pushing && <PushDialog target={pushing} onClose={() => setPushing(null)} />}
    </>
  );
}
