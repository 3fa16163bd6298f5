import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { MaintenanceWindowDto } from '@multpanel/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { useClusterOptions } from '@/lib/queries/clusters';
import { formatDateTime } from '@/lib/format-time';
import { useCompanyOptions } from '@/lib/queries/companies';
import {
  useCreateMaintenanceWindow,
  useDeleteMaintenanceWindow,
  useMaintenanceWindows,
} from '../api/maintenance-windows';

type Phase = 'active' | 'upcoming' | 'ended';
const phaseOf = (w: MaintenanceWindowDto, now: number): Phase =>
  Date.parse(w.endsAt) <= now ? 'ended' : Date.parse(w.startsAt) <= now ? 'active' : 'upcoming';

/** A `datetime-local` value (the browser's time zone) for a moment. */
const localInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

/**
 * Maintenance windows: alerts on what a window covers are recorded but not notified while it is
 * open. Staff (`fleet`) may cover the whole platform or a company, cluster or node; a company's
 * admins cover their company.
 */
export function MaintenanceWindowsCard({
  companyId,
  fleet,
}: {
  companyId: string | null;
  fleet: boolean;
}) {
  const { t } = useTranslation();
  const windows = useMaintenanceWindows();
  const companies = useCompanyOptions(fleet);
  const clusters = useClusterOptions(fleet);
  const create = useCreateMaintenanceWindow();
  const remove = useDeleteMaintenanceWindow();
  const [deleting, setDeleting] = useState<MaintenanceWindowDto | null>(null);
  const [company, setCompany] = useState('');
  const [cluster, setCluster] = useState('');
  const [node, setNode] = useState('');
  const [startsAt, setStartsAt] = useState(() => localInput(Date.now()));
  const [endsAt, setEndsAt] = useState(() => localInput(Date.now() + 2 * 3600_000));
  const [reason, setReason] = useState('');
  const now = Date.now();

  const covers = (w: MaintenanceWindowDto) => {
    const parts = [
      w.companyId && (w.companyName ?? t('alerts.maintenance.gone')),
      w.clusterId && (w.clusterName ?? t('alerts.maintenance.gone')),
      w.node && t('alerts.maintenance.node', { node: w.node }),
      w.guestId && (w.guestName ?? t('alerts.maintenance.gone')),
    ].filter(Boolean);
    return parts.length ? parts.join(' · ') : t('alerts.maintenance.everything');
  };

  return (
    <Card variant="outlined">
      <CardContent sx={{ display: 'grid', gap: 2 }}>
        <Typography variant="subtitle1" component="h2">
          {t('alerts.maintenance.title')}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('alerts.maintenance.help')}
        </Typography>
        <ErrorAlert error={windows.error} />
        <Table size="small" aria-label={t('alerts.maintenance.title')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('alerts.maintenance.covers')}</TableCell>
              <TableCell>{t('alerts.maintenance.startsAt')}</TableCell>
              <TableCell>{t('alerts.maintenance.endsAt')}</TableCell>
              <TableCell>{t('alerts.maintenance.reason')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {windows.data?.length === 0 && (
              <TableRow>
                <TableCell colSpan={5}>{t('alerts.maintenance.none')}</TableCell>
              </TableRow>
            )}
            {(windows.data ?? []).map((w) => {
              const phase = phaseOf(w, now);
              return (
                <TableRow key={w.id}>
                  <TableCell>{covers(w)}</TableCell>
                  <TableCell>{formatDateTime(w.startsAt)}</TableCell>
                  <TableCell>{formatDateTime(w.endsAt)}</TableCell>
                  <TableCell>{w.reason}</TableCell>
                  <TableCell align="right">
                    <Chip
                      size="small"
                      label={t(`alerts.maintenance.phase.${phase}`)}
                      color={phase === 'active' ? 'warning' : 'default'}
                      sx={{ mr: 1 }}
                    />
                    {phase !== 'ended' && (
                      <Button
                        size="small"
                        color="error"
                        aria-label={t('alerts.maintenance.deleteOne', { reason: w.reason })}
                        onClick={() => setDeleting(w)}
                      >
                        {t('common.delete')}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        <form
          aria-label={t('alerts.maintenance.add')}
          style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(
              {
                companyId: fleet ? company || null : companyId,
                clusterId: fleet ? cluster || null : null,
                node: fleet && cluster && node.trim() ? node.trim() : null,
                startsAt: new Date(startsAt).toISOString(),
                endsAt: new Date(endsAt).toISOString(),
                reason,
              },
              { onSuccess: () => setReason('') },
            );
          }}
        >
          {fleet && (
            <>
              <TextField
                select
                size="small"
                label={t('alerts.maintenance.company')}
                value={company}
                onChange={(e) => setCompany(e.target.value)}
                sx={{ minWidth: 180 }}
              >
                <MenuItem value="">{t('alerts.maintenance.anyCompany')}</MenuItem>
                {(companies.data ?? []).map((c) => (
                  <MenuItem key={c.id} value={c.id}>
                    {c.name}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                select
                size="small"
                label={t('alerts.maintenance.cluster')}
                value={cluster}
                onChange={(e) => setCluster(e.target.value)}
                sx={{ minWidth: 160 }}
              >
                <MenuItem value="">{t('alerts.maintenance.anyCluster')}</MenuItem>
                {(clusters.data ?? []).map((c) => (
                  <MenuItem key={c.id} value={c.id}>
                    {c.name}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                size="small"
                label={t('alerts.maintenance.nodeField')}
                value={node}
                disabled={!cluster}
                onChange={(e) => setNode(e.target.value)}
                sx={{ width: 140 }}
              />
            </>
          )}
          <TextField
            size="small"
            type="datetime-local"
            label={t('alerts.maintenance.startsAt')}
            value={startsAt}
            onChange={(e) => setStartsAt(e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            size="small"
            type="datetime-local"
            label={t('alerts.maintenance.endsAt')}
            value={endsAt}
            onChange={(e) => setEndsAt(e.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            size="small"
            required
            label={t('alerts.maintenance.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            sx={{ minWidth: 220 }}
          />
          <Button type="submit" variant="contained" disabled={create.isPending || !startsAt}>
            {t('alerts.maintenance.create')}
          </Button>
        </form>
        <ErrorAlert error={create.error} />
        <ConfirmDialog
          open={deleting !== null}
          title={t('alerts.maintenance.deleteTitle')}
          message={t('alerts.maintenance.deleteMessage', { reason: deleting?.reason ?? '' })}
          confirmLabel={t('common.delete')}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(deleting!.id, { onSuccess: () => setDeleting(null) })}
          onClose={() => setDeleting(null)}
        />
      </CardContent>
    </Card>
  );
}
