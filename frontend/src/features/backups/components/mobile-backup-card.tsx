import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { JobProgress } from '@/components/jobs/job-progress';
import type { Job } from '@/lib/jobs/types';
import type { SlotProps } from '@/lib/slots';
import { useBackupNow } from '../api/backup-now';
import { useGuestBackups } from '../api/list-guest-backups';
import { BackupStatusChip } from './backup-status-chip';
import { formatWhen } from './format';

/** On the phone's guest page: the last backup's status and a confirmed "back up now". */
export function MobileBackupCard({ vmId, vmName }: SlotProps['mobile.vm']) {
  const { t } = useTranslation();
  const backups = useGuestBackups(vmId);
  const now = useBackupNow();
  const [confirming, setConfirming] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const last = backups.data?.last;
  return (
    <Card variant="outlined" component="section" aria-label={t('backups.mobile.title')}>
      <CardContent sx={{ display: 'grid', gap: 1 }}>
        <Typography variant="h6" component="h2">
          {t('backups.mobile.title')}
        </Typography>
        {/* a div: the status chip is one, and a <p> may not hold it */}
        <Typography component="div">
          {last ? (
            <>
              {formatWhen(last.finishedAt ?? last.startedAt)}{' '}
              <BackupStatusChip status={last.status} />
            </>
          ) : (
            t('backups.guest.never')
          )}
        </Typography>
        {job && <JobProgress jobId={job.id} initial={job} onDone={() => void backups.refetch()} />}
        <Button
          variant="outlined"
          size="large"
          sx={{ minHeight: 56 }}
          onClick={() => setConfirming(true)}
        >
          {t('backups.mobile.backupNow')}
        </Button>
      </CardContent>
      <ConfirmDialog
        open={confirming}
        destructive={false}
        title={t('backups.mobile.confirm', { name: vmName ?? '' })}
        message={t('backups.guest.backupNowMessage')}
        confirmLabel={t('backups.mobile.backupNow')}
        pending={now.isPending}
        error={now.error}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          now.mutate(
            { vmId, input: {} },
            {
              onSuccess: (r) => {
                setConfirming(false);
                setJob(r.job);
              },
            },
          )
        }
      />
    </Card>
  );
}
