import Lock from '@mui/icons-material/Lock';
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
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import type { Job } from '@/lib/jobs/types';
import type { SlotProps } from '@/lib/slots';
import type { GuestBackup } from '@multpanel/contracts';
import { useBackupNow } from '../api/backup-now';
import { useDeleteBackup } from '../api/delete-backup';
import { useGuestBackups } from '../api/list-guest-backups';
import { useSetProtection } from '../api/set-protection';
import { BackupStatusChip } from './backup-status-chip';
import { formatSize, formatWhen } from './format';
import { RestoreDialog } from './restore-dialog';

/** The guest page's Backups tab: archives on the node's backup storages, back up now, restore. */
export function GuestBackupsTab({ vmId, vmName, onJob }: SlotProps['vm.backups']) {
  const { t } = useTranslation();
  const backups = useGuestBackups(vmId);
  const now = useBackupNow();
  const protect = useSetProtection();
  const remove = useDeleteBackup();
  const [confirmNow, setConfirmNow] = useState(false);
  const [restoring, setRestoring] = useState<GuestBackup | null>(null);
  const [deleting, setDeleting] = useState<GuestBackup | null>(null);
  const name = vmName ?? vmId;
  const last = backups.data?.last;
  const track = (job: Job) => {
    onJob(job);
    void backups.refetch();
  };

  return (
    <Card>
      <CardContent sx={{ display: 'grid', gap: 2 }}>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <Button variant="contained" onClick={() => setConfirmNow(true)}>
            {t('backups.guest.backupNow')}
          </Button>
          <Typography color="text.secondary">
            {last ? (
              <>
                {t('backups.guest.last', {
                  status: t(`backups.status.${last.status}`),
                  when: formatWhen(last.finishedAt ?? last.startedAt),
                })}{' '}
                <BackupStatusChip status={last.status} />
              </>
            ) : (
              t('backups.guest.never')
            )}
          </Typography>
        </Box>
        <ErrorAlert error={backups.error ?? protect.error} />
        <Table size="small" aria-label={t('backups.guest.tab')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('backups.guest.created')}</TableCell>
              <TableCell>{t('backups.guest.storage')}</TableCell>
              <TableCell>{t('backups.guest.size')}</TableCell>
              <TableCell>{t('backups.guest.notes')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {(backups.data?.archives ?? []).map((b) => (
              <TableRow key={b.volid} data-testid="backup-row">
                <TableCell>
                  {formatWhen(b.createdAt)}{' '}
                  {b.protected && (
                    <Lock fontSize="inherit" titleAccess={t('backups.guest.protected')} />
                  )}
                </TableCell>
                <TableCell>{b.storage}</TableCell>
                <TableCell>{formatSize(b.sizeBytes)}</TableCell>
                <TableCell>{b.notes ?? ''}</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  <Button size="small" onClick={() => setRestoring(b)}>
                    {t('backups.guest.restore')}
                  </Button>
                  <Button
                    size="small"
                    disabled={protect.isPending}
                    onClick={() =>
                      protect.mutate({ vmId, volid: b.volid, protected: !b.protected })
                    }
                  >
                    {t(b.protected ? 'backups.guest.unprotect' : 'backups.guest.protect')}
                  </Button>
                  <Button
                    size="small"
                    color="error"
                    disabled={b.protected}
                    onClick={() => {
                      remove.reset();
                      setDeleting(b);
                    }}
                  >
                    {t('backups.guest.delete')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
            {backups.data?.archives.length === 0 && (
              <TableRow>
                <TableCell colSpan={5}>{t('backups.guest.empty')}</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </CardContent>
      <ConfirmDialog
        open={confirmNow}
        destructive={false}
        title={t('backups.guest.backupNowTitle', { name })}
        message={t('backups.guest.backupNowMessage')}
        confirmLabel={t('backups.guest.backupNow')}
        pending={now.isPending}
        error={now.error}
        onClose={() => {
          now.reset();
          setConfirmNow(false);
        }}
        onConfirm={() =>
          now.mutate(
            { vmId, input: {} },
            {
              onSuccess: (r) => {
                setConfirmNow(false);
                if (r.job) track(r.job);
              },
            },
          )
        }
      />
      <ConfirmDialog
        open={!!deleting}
        title={t('backups.guest.deleteTitle')}
        message={t('backups.guest.deleteMessage', { volid: deleting?.volid })}
        confirmLabel={t('backups.guest.delete')}
        pending={remove.isPending}
        error={remove.error}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate({ vmId, volid: deleting.volid }, { onSuccess: () => setDeleting(null) })
        }
      />
      {restoring && (
        <RestoreDialog
          vmId={vmId}
          vmName={name}
          backup={restoring}
          onClose={() => setRestoring(null)}
          onJob={track}
        />
      )}
    </Card>
  );
}
