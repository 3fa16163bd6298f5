import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import type { SshNodeResult } from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import type { Job } from '@/lib/jobs/types';
import { JobProgress } from '@/components/jobs/job-progress';
import { useBulkPushSshKeys, usePushSshKey } from '../api/ssh-mutations';
import { NodeResults } from './node-results';

type Target =
  | { kind: 'cluster'; clusterId: string; name: string; user: string }
  | { kind: 'bulk'; clusterIds: string[] };

/**
 * One-time password prompt. The password lives only in this dialog's state and is cleared as soon as
 * the request is sent; results (per node) replace the form.
 */
export function PushDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const { t } = useTranslation();
  const push = usePushSshKey();
  const bulk = useBulkPushSshKeys();
  const [password, setPassword] = useState('');
  const [results, setResults] = useState<SshNodeResult[] | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const pending = push.isPending || bulk.isPending;

  const submit = () => {
    const pw = password;
    setPassword('');
    if (target.kind === 'cluster') {
      push.mutate(
        { clusterId: target.clusterId, input: { password: pw } },
        { onSuccess: (r) => setResults(r) },
      );
    } else {
      bulk.mutate(
        { password: pw, clusters: target.clusterIds.map((clusterId) => ({ clusterId })) },
        { onSuccess: (r) => setJob(r.job) },
      );
    }
  };

  const title =
    target.kind === 'cluster'
      ? t('sshKeys.pushTitle', { name: target.name })
      : t('sshKeys.bulkPushTitle', { count: target.clusterIds.length });
  const started = !!results || !!job;

  return (
    <Dialog
      open
      onClose={pending ? undefined : onClose}
      aria-labelledby="ssh-push-title"
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id="ssh-push-title">{title}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        {!started && (
          <>
            <DialogContentText>
              {target.kind === 'cluster'
                ? t('sshKeys.pushHelp', { user: target.user })
                : t('sshKeys.bulkPushHelp')}
            </DialogContentText>
            <TextField
              type="password"
              autoComplete="off"
              autoFocus
              label={
                target.kind === 'cluster'
                  ? t('sshKeys.password', { user: target.user })
                  : t('sshKeys.passwordBulk')
              }
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && password) submit();
              }}
              disabled={pending}
            />
          </>
        )}
        <ErrorAlert error={push.error ?? bulk.error} />
        {job && (
          <JobProgress
            jobId={job.id}
            initial={job}
            onDone={(done) => {
              setJob(done);
              const nodes = (done.result as { nodes?: SshNodeResult[] } | null)?.nodes;
              if (nodes) setResults(nodes);
            }}
          />
        )}
        {results && <NodeResults results={results} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={pending}>
          {t('sshKeys.close')}
        </Button>
        {!started && (
          <Button variant="contained" onClick={submit} disabled={pending || !password}>
            {t('sshKeys.pushConfirm')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
