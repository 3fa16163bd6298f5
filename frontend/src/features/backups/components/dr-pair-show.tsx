import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
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
import type { DrGuestDto } from '@multpanel/contracts';
import { useDrPair, useFailbackDrGuest, useFailoverDrGuest } from '../api/dr-pairs';

/** "3 h 12 min" from seconds. */
export function age(sec: number | null): string {
  if (sec === null) return '—';
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  return h ? `${h} h ${m} min` : `${m} min`;
}

/** One DR pair: each guest's recovery point age, its standby, and fail over (confirmed). */
export function DrPairDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const pair = useDrPair(id);
  const failover = useFailoverDrGuest();
  const failback = useFailbackDrGuest();
  const [confirming, setConfirming] = useState<DrGuestDto | null>(null);
  const [force, setForce] = useState(false);
  const [returning, setReturning] = useState<DrGuestDto | null>(null);
  const p = pair.data;

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{p?.name ?? t('backups.dr.title')}</DialogTitle>
      <DialogContent>
        <ErrorAlert error={pair.error ?? failover.error ?? failback.error} sx={{ mb: 2 }} />
        {p && (
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {t('backups.dr.summary', {
              source: p.sourceStorage,
              node: p.targetNode,
              target: p.targetStorage,
              hours: p.staleAfterHours,
            })}
          </Typography>
        )}
        <Table size="small" aria-label={t('backups.dr.guests')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('backups.restoreTests.guest')}</TableCell>
              <TableCell>{t('backups.dr.recoveryPoint')}</TableCell>
              <TableCell>{t('backups.dr.status')}</TableCell>
              <TableCell>{t('backups.dr.standby')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {(p?.guests ?? []).map((g) => (
              <TableRow key={g.id}>
                <TableCell>
                  {g.guestName ?? g.guestId} {g.vmid !== null && `(${g.vmid})`}
                </TableCell>
                <TableCell>
                  {g.recoveryPointAt
                    ? t('backups.dr.ago', { age: age(g.recoveryPointAgeSec) })
                    : '—'}{' '}
                  {g.stale && (
                    <Chip size="small" color="warning" label={t('backups.dr.staleOne')} />
                  )}
                </TableCell>
                <TableCell title={g.error ?? undefined}>
                  {t(`backups.dr.statuses.${g.status}`)}
                  {g.failedOverAt && ` · ${t('backups.dr.failedOver')}`}
                  {!g.failedOverAt && g.failedBackAt && ` · ${t('backups.dr.failedBack')}`}
                </TableCell>
                <TableCell>{g.standbyVmid ?? '—'}</TableCell>
                <TableCell align="right">
                  {p?.policy === 'standby' && g.failedOverAt && (
                    <Button
                      size="small"
                      color="warning"
                      disabled={g.status === 'queued' || g.status === 'running'}
                      onClick={() => {
                        failback.reset();
                        setReturning(g);
                      }}
                    >
                      {t('backups.dr.failback')}
                    </Button>
                  )}
                  {p?.policy === 'standby' && !g.failedOverAt && (
                    <Button
                      size="small"
                      color="warning"
                      disabled={g.standbyVmid === null}
                      onClick={() => {
                        failover.reset();
                        setForce(false);
                        setConfirming(g);
                      }}
                    >
                      {t('backups.dr.failover')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('backups.close')}</Button>
      </DialogActions>
      <ConfirmDialog
        open={!!confirming}
        title={t('backups.dr.failoverTitle', { name: confirming?.guestName ?? '' })}
        message={t('backups.dr.failoverMessage', {
          vmid: confirming?.standbyVmid ?? '',
          node: p?.targetNode ?? '',
        })}
        confirmLabel={t('backups.dr.failover')}
        pending={failover.isPending}
        error={failover.error}
        onClose={() => setConfirming(null)}
        onConfirm={() =>
          confirming &&
          failover.mutate(
            { id, guestId: confirming.guestId, force },
            { onSuccess: () => setConfirming(null) },
          )
        }
      >
        <FormControlLabel
          sx={{ mt: 1 }}
          control={<Checkbox checked={force} onChange={(e) => setForce(e.target.checked)} />}
          label={t('backups.dr.failoverForce')}
        />
      </ConfirmDialog>
      <ConfirmDialog
        open={!!returning}
        title={t('backups.dr.failbackTitle', { name: returning?.guestName ?? '' })}
        message={t('backups.dr.failbackMessage', {
          standby: returning?.standbyVmid ?? '',
          node: p?.targetNode ?? '',
          vmid: returning?.vmid ?? '',
        })}
        confirmLabel={t('backups.dr.failback')}
        pending={failback.isPending}
        error={failback.error}
        onClose={() => setReturning(null)}
        onConfirm={() =>
          returning &&
          failback.mutate(
            { id, guestId: returning.guestId },
            { onSuccess: () => setReturning(null) },
          )
        }
      />
    </Dialog>
  );
}
