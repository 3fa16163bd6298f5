import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { GuestLockView, LeftoverView } from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { useLeftovers, useRetryLeftover, useUnlockGuest } from '../api/leftovers';

const lockColor = { stale: 'warning', 'task-running': 'info', unknown: 'default' } as const;
const leftoverColor = {
  waiting: 'info',
  delayed: 'warning',
  active: 'info',
  failed: 'error',
} as const;

/** super_admin: System → Leftovers, what faults left on Proxmox, with the clean-up actions. */
export function LeftoversPage() {
  const { t } = useTranslation();
  const leftovers = useLeftovers();
  const unlock = useUnlockGuest();
  const retry = useRetryLeftover();
  const [unlocking, setUnlocking] = useState<GuestLockView | null>(null);
  const [retrying, setRetrying] = useState<LeftoverView | null>(null);
  const locks = leftovers.data?.locks ?? [];
  const removals = leftovers.data?.leftovers ?? [];
  const guest = (x: { vmid: number; name: string | null }) => `${x.vmid} ${x.name ?? ''}`.trim();
  return (
    <>
      <PageHeader title={t('system.leftovers.title')} subtitle={t('system.leftovers.subtitle')} />
      <ErrorAlert error={leftovers.error} />
      <Typography variant="h6" sx={{ mt: 2, mb: 1 }}>
        {t('system.leftovers.locks')}
      </Typography>
      {leftovers.data && !locks.length && (
        <Typography color="text.secondary">{t('system.leftovers.noLocks')}</Typography>
      )}
      {locks.length > 0 && (
        <Card variant="outlined">
          <Table size="small" data-testid="guest-locks">
            <TableHead>
              <TableRow>
                <TableCell>{t('system.leftovers.guest')}</TableCell>
                <TableCell>{t('system.leftovers.where')}</TableCell>
                <TableCell>{t('system.leftovers.lock')}</TableCell>
                <TableCell>{t('system.leftovers.state')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {locks.map((l) => (
                <TableRow key={l.guestId} data-testid={`lock-${l.vmid}`}>
                  <TableCell>{guest(l)}</TableCell>
                  <TableCell>
                    {l.clusterName} / {l.node}
                  </TableCell>
                  <TableCell>{l.lock}</TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      color={lockColor[l.state]}
                      label={t(`system.leftovers.lockState.${l.state}`, { task: l.task })}
                    />
                  </TableCell>
                  <TableCell align="right">
                    {l.state === 'stale' && (
                      <Button size="small" onClick={() => setUnlocking(l)}>
                        {t('system.leftovers.unlock')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
      <Typography variant="h6" sx={{ mt: 3, mb: 1 }}>
        {t('system.leftovers.removals')}
      </Typography>
      {leftovers.data && !removals.length && (
        <Typography color="text.secondary">{t('system.leftovers.noRemovals')}</Typography>
      )}
      {removals.length > 0 && (
        <Card variant="outlined">
          <Table size="small" data-testid="leftover-removals">
            <TableHead>
              <TableRow>
                <TableCell>{t('system.leftovers.guest')}</TableCell>
                <TableCell>{t('system.leftovers.cluster')}</TableCell>
                <TableCell>{t('system.leftovers.state')}</TableCell>
                <TableCell>{t('system.leftovers.attempts')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {removals.map((r) => (
                <TableRow key={`${r.clusterId}-${r.vmid}`} data-testid={`leftover-${r.vmid}`}>
                  <TableCell>{guest(r)}</TableCell>
                  <TableCell>{r.clusterName ?? r.clusterId}</TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      color={leftoverColor[r.state]}
                      label={t(`system.leftovers.removalState.${r.state}`)}
                    />
                    {r.lastError && (
                      <Typography variant="body2" color="error">
                        {r.lastError}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    {r.attempts} / {r.maxAttempts}
                  </TableCell>
                  <TableCell align="right">
                    {(r.state === 'failed' || r.state === 'delayed') && (
                      <Button size="small" onClick={() => setRetrying(r)}>
                        {t('system.leftovers.retry')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
      <ConfirmDialog
        open={unlocking !== null}
        title={t('system.leftovers.unlockTitle', { guest: unlocking ? guest(unlocking) : '' })}
        message={t('system.leftovers.unlockMessage', { lock: unlocking?.lock })}
        confirmLabel={t('system.leftovers.unlock')}
        pending={unlock.isPending}
        error={unlock.error}
        onConfirm={() =>
          unlocking && unlock.mutate(unlocking.guestId, { onSuccess: () => setUnlocking(null) })
        }
        onClose={() => {
          unlock.reset();
          setUnlocking(null);
        }}
      />
      <ConfirmDialog
        open={retrying !== null}
        title={t('system.leftovers.retryTitle', { guest: retrying ? guest(retrying) : '' })}
        message={t('system.leftovers.retryMessage')}
        confirmLabel={t('system.leftovers.retry')}
        pending={retry.isPending}
        error={retry.error}
        onConfirm={() => retrying && retry.mutate(retrying, { onSuccess: () => setRetrying(null) })}
        onClose={() => {
          retry.reset();
          setRetrying(null);
        }}
      />
    </>
  );
}
