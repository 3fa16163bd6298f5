import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { Slot } from '@/lib/slots';
import { useRun } from '../api/get-run';
import { BackupStatusChip } from './backup-status-chip';
import { formatDuration, formatSize, formatWhen } from './format';

/** One run: every guest's result (archive, size, duration, error), refreshed while it runs. */
export function BackupRunDialog({ runId, onClose }: { runId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const run = useRun(runId);
  return (
    <Dialog open onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="run-title">
      <DialogTitle id="run-title">
        {t('backups.history.detailTitle', { when: formatWhen(run.data?.plannedAt) })}{' '}
        {run.data && <BackupStatusChip status={run.data.status} />}
      </DialogTitle>
      <DialogContent>
        <ErrorAlert error={run.error} />
        <Table size="small" aria-label={t('backups.history.results')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('backups.history.guest')}</TableCell>
              <TableCell>{t('backups.history.status')}</TableCell>
              <TableCell>{t('backups.history.archive')}</TableCell>
              <TableCell>{t('backups.history.size')}</TableCell>
              <TableCell>{t('backups.history.duration')}</TableCell>
              <TableCell>{t('backups.history.error')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(run.data?.results ?? []).map((r) => (
              <TableRow key={r.id} data-testid="backup-result-row">
                <TableCell>
                  {r.guestName ?? r.vmid} ({r.vmid}, {r.node})
                </TableCell>
                <TableCell>
                  <BackupStatusChip status={r.status} />
                </TableCell>
                <TableCell sx={{ wordBreak: 'break-all' }}>{r.volid ?? '—'}</TableCell>
                <TableCell>{formatSize(r.sizeBytes)}</TableCell>
                <TableCell>{formatDuration(r.durationMs)}</TableCell>
                <TableCell>{r.error ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </DialogContent>
      <DialogActions>
        <Slot name="backup.run.actions" runId={runId} />
        <Button onClick={onClose}>{t('backups.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
