import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type { ReleaseView } from '@multpanel/contracts';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { JobProgress } from '@/components/jobs/job-progress';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { deploymentKeys } from '../api/deployment-keys';
import { useAppLogStream } from '../api/stream-app-logs';
import { useDeployment, useReleases } from '../api/get-deployment';
import {
  useCancelRun,
  useDeleteDeployment,
  useDeployNow,
  useRollback,
} from '../api/run-deployment';
import { DeploymentStatusChip } from './deployment-status-chip';

/** Statuses while a deploy or rollback job runs (it can be cancelled). */
const BUSY = new Set(['PENDING', 'PROVISIONING', 'DEPLOYING']);

/** One deployment: status, live log of its last job, releases with rollback, webhook. */
export function DeploymentShowPage() {
  const { t } = useTranslation();
  const { deploymentId = '' } = useParams();
  const authz = useAuthorization();
  const queryClient = useQueryClient();
  const deployment = useDeployment(deploymentId);
  const releases = useReleases(deploymentId);
  const deploy = useDeployNow();
  const rollback = useRollback();
  const cancel = useCancelRun();
  const remove = useDeleteDeployment();
  const [target, setTarget] = useState<ReleaseView | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [follow, setFollow] = useState(false);
  const appLogs = useAppLogStream(deploymentId, follow);
  const navigate = useNavigate();
  const d = deployment.data;
  const manage = authz.has(perm.deploymentsManage);
  const refresh = () => queryClient.invalidateQueries({ queryKey: deploymentKeys.all });

  if (!d) return <ErrorAlert error={deployment.error} />;
  return (
    <>
      <PageHeader
        title={d.name}
        subtitle={`${d.repoUrl} (${d.ref}) · ${d.framework}`}
        actions={
          manage && (
            <Box sx={{ display: 'flex', gap: 1 }}>
              {BUSY.has(d.status) && (
                <Button disabled={cancel.isPending} onClick={() => cancel.mutate(d.id)}>
                  {t('deployments.cancel')}
                </Button>
              )}
              <Button
                color="error"
                disabled={d.status === 'DELETING'}
                onClick={() => setConfirmDelete(true)}
              >
                {t('deployments.delete')}
              </Button>
              <Button
                variant="contained"
                disabled={deploy.isPending || d.status === 'DELETING'}
                onClick={() => deploy.mutate(d.id)}
              >
                {t('deployments.redeploy')}
              </Button>
            </Box>
          )
        }
      />
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', mb: 2 }}>
        <DeploymentStatusChip status={d.status} />
        {d.failedStep && (
          <Typography color="error">
            {t('deployments.failedStep', { step: d.failedStep })}
          </Typography>
        )}
      </Box>
      <ErrorAlert
        error={deploy.error ?? rollback.error ?? cancel.error ?? remove.error}
        sx={{ mb: 2 }}
      />
      {d.error && (
        <Box component="pre" sx={{ whiteSpace: 'pre-wrap', fontSize: 12, mb: 2 }}>
          {d.error}
        </Box>
      )}
      {d.lastJobId && (
        <Card variant="outlined" sx={{ mb: 2 }}>
          <CardContent>
            <Typography variant="h6" component="h2">
              {t('deployments.liveLog')}
            </Typography>
            <JobProgress key={d.lastJobId} jobId={d.lastJobId} showLog onDone={refresh} />
          </CardContent>
        </Card>
      )}
      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
            <Typography variant="h6" component="h2">
              {t('deployments.appLogs')}
            </Typography>
            <Button
              size="small"
              disabled={!d.currentReleaseId}
              onClick={() => setFollow((f) => !f)}
            >
              {follow ? t('deployments.stopFollowing') : t('deployments.followLogs')}
            </Button>
            {appLogs.live && <Typography color="success.main">{t('deployments.live')}</Typography>}
          </Box>
          {appLogs.error && <Typography color="error">{appLogs.error}</Typography>}
          {follow && (
            <Box
              component="pre"
              aria-label={t('deployments.appLogs')}
              sx={{ whiteSpace: 'pre-wrap', fontSize: 12, maxHeight: 320, overflow: 'auto' }}
            >
              {appLogs.lines.join('\n')}
            </Box>
          )}
        </CardContent>
      </Card>
      <Card variant="outlined" sx={{ mb: 2 }}>
        <CardContent>
          <Typography variant="h6" component="h2">
            {t('deployments.releases')}
          </Typography>
          <Table size="small" aria-label={t('deployments.releases')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('deployments.fields.commit')}</TableCell>
                <TableCell>{t('deployments.fields.message')}</TableCell>
                <TableCell>{t('deployments.fields.trigger')}</TableCell>
                <TableCell>{t('deployments.fields.status')}</TableCell>
                <TableCell>{t('deployments.fields.duration')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {(releases.data ?? []).map((r) => (
                <TableRow key={r.id} selected={r.current}>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{r.commit?.slice(0, 12)}</TableCell>
                  <TableCell>
                    {r.message} {r.author && `(${r.author})`}
                  </TableCell>
                  <TableCell>{r.trigger}</TableCell>
                  <TableCell>{r.status}</TableCell>
                  <TableCell>
                    {r.durationMs === null ? '' : `${(r.durationMs / 1000).toFixed(1)} s`}
                  </TableCell>
                  <TableCell>
                    {manage && r.available && !r.current && r.status === 'SUCCEEDED' && (
                      <Button size="small" onClick={() => setTarget(r)}>
                        {t('deployments.rollback')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h6" component="h2">
            {t('deployments.webhook')}
          </Typography>
          <Typography sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
            {d.webhookUrl}
          </Typography>
          {d.domain && (
            <Typography variant="body2" sx={{ mt: 1 }}>
              {t('deployments.domainHelp', { domain: d.domain })}
            </Typography>
          )}
          <Typography variant="body2" color="text.secondary">
            {t('deployments.webhookHelp')}
          </Typography>
          <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
            {t('deployments.fields.accessKey')}
          </Typography>
          <Typography sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
            {d.accessPublicKey}
          </Typography>
        </CardContent>
      </Card>
      <ConfirmDialog
        open={target !== null}
        title={t('deployments.rollback')}
        message={t('deployments.rollbackConfirm', { commit: target?.commit?.slice(0, 12) ?? '' })}
        confirmLabel={t('deployments.rollback')}
        pending={rollback.isPending}
        onClose={() => setTarget(null)}
        onConfirm={() =>
          target &&
          rollback.mutate({ id: d.id, releaseId: target.id }, { onSuccess: () => setTarget(null) })
        }
      />
      <ConfirmDialog
        open={confirmDelete}
        title={t('deployments.delete')}
        message={t(
          d.target.type === 'new' ? 'deployments.deleteConfirmGuest' : 'deployments.deleteConfirm',
          { name: d.name },
        )}
        confirmLabel={t('deployments.delete')}
        pending={remove.isPending}
        onClose={() => setConfirmDelete(false)}
        onConfirm={() =>
          // The list shows it DELETING until the job has stopped the app and removed it.
          remove.mutate(d.id, { onSuccess: () => void navigate('/deployments') })
        }
      />
    </>
  );
}
