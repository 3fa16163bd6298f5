import { zodResolver } from '@hookform/resolvers/zod';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
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
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { FormTextField } from '@/components/form-text-field';
import type { Job } from '@/lib/jobs/types';
import { useSnapshots } from '../api/list-snapshots';
import { useCreateSnapshot, useDeleteSnapshot, useRollbackSnapshot } from '../api/vm-mutations';
import type { Snapshot, VmDetail } from '../api/types';
import { snapshotSchema, type SnapshotValues } from './vm-schemas';
import { formatDateTime } from '@/lib/format-time';

/** Snapshots: create (optionally with RAM for running VMs), roll back, delete; all confirmed. */
export function VmSnapshotsTab({
  vm,
  canSnapshot,
  onJob,
}: {
  vm: VmDetail;
  canSnapshot: boolean;
  onJob: (job: Job) => void;
}) {
  const { t } = useTranslation();
  const snapshots = useSnapshots(vm.id);
  const rollback = useRollbackSnapshot();
  const remove = useDeleteSnapshot();
  const [creating, setCreating] = useState(false);
  const [target, setTarget] = useState<{ snap: Snapshot; op: 'rollback' | 'delete' } | null>(null);
  const mutation = target?.op === 'rollback' ? rollback : remove;

  return (
    <Card>
      <CardContent sx={{ display: 'grid', gap: 2 }}>
        {canSnapshot && (
          <Box>
            <Button variant="contained" onClick={() => setCreating(true)}>
              {t('vms.snapshots.take')}
            </Button>
          </Box>
        )}
        <ErrorAlert error={snapshots.error} />
        <Table size="small" aria-label={t('vms.tabs.snapshots')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('vms.snapshots.name')}</TableCell>
              <TableCell>{t('vms.snapshots.description')}</TableCell>
              <TableCell>{t('vms.snapshots.taken')}</TableCell>
              <TableCell>{t('vms.snapshots.ram')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {(snapshots.data ?? []).map((s) => (
              <TableRow key={s.name} data-testid="snapshot-row">
                <TableCell>{s.name}</TableCell>
                <TableCell>{s.description ?? ''}</TableCell>
                <TableCell>{formatDateTime(s.createdAt)}</TableCell>
                <TableCell>{s.includesRam ? t('vms.snapshots.withRam') : '—'}</TableCell>
                <TableCell align="right">
                  {canSnapshot && (
                    <>
                      <Button size="small" onClick={() => setTarget({ snap: s, op: 'rollback' })}>
                        {t('vms.snapshots.rollback')}
                      </Button>
                      <Button
                        size="small"
                        color="error"
                        onClick={() => setTarget({ snap: s, op: 'delete' })}
                      >
                        {t('vms.snapshots.delete')}
                      </Button>
                    </>
                  )}
                </TableCell>
              </TableRow>
            ))}
            {snapshots.data?.length === 0 && (
              <TableRow>
                <TableCell colSpan={5}>{t('vms.snapshots.empty')}</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </CardContent>
      {creating && (
        <SnapshotCreateDialog
          vm={vm}
          onClose={() => setCreating(false)}
          onJob={(job) => {
            setCreating(false);
            onJob(job);
          }}
        />
      )}
      <ConfirmDialog
        open={!!target}
        title={
          target
            ? t(
                target.op === 'rollback'
                  ? 'vms.snapshots.rollbackTitle'
                  : 'vms.snapshots.deleteTitle',
                {
                  name: target.snap.name,
                },
              )
            : ''
        }
        message={
          target
            ? t(
                target.op === 'rollback'
                  ? 'vms.snapshots.rollbackMessage'
                  : 'vms.snapshots.deleteMessage',
                {
                  name: target.snap.name,
                  vm: vm.name,
                },
              )
            : ''
        }
        confirmLabel={t(
          target?.op === 'rollback' ? 'vms.snapshots.rollback' : 'vms.snapshots.delete',
        )}
        pending={mutation.isPending}
        error={mutation.error}
        onClose={() => {
          mutation.reset();
          setTarget(null);
        }}
        onConfirm={() =>
          target &&
          mutation.mutate(
            { id: vm.id, name: target.snap.name },
            {
              onSuccess: (answer) => {
                setTarget(null);
                onJob(answer.job);
              },
            },
          )
        }
      />
    </Card>
  );
}

function SnapshotCreateDialog({
  vm,
  onClose,
  onJob,
}: {
  vm: VmDetail;
  onClose: () => void;
  onJob: (job: Job) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateSnapshot();
  const form = useForm<SnapshotValues>({
    resolver: zodResolver(snapshotSchema),
    defaultValues: { name: '', description: '', includeRam: false },
  });
  const ramPossible = vm.kind === 'qemu' && vm.status === 'running';
  const submit = form.handleSubmit((v) =>
    create.mutate(
      {
        id: vm.id,
        input: {
          name: v.name,
          ...(v.description ? { description: v.description } : {}),
          ...(ramPossible ? { includeRam: v.includeRam } : {}),
        },
      },
      { onSuccess: (answer) => onJob(answer.job) },
    ),
  );
  return (
    <Dialog open onClose={create.isPending ? undefined : onClose} aria-labelledby="snap-title">
      <DialogTitle id="snap-title">{t('vms.snapshots.takeTitle', { name: vm.name })}</DialogTitle>
      <Box component="form" noValidate onSubmit={(e) => void submit(e)}>
        <DialogContent sx={{ display: 'grid', gap: 2 }}>
          <FormTextField
            control={form.control}
            name="name"
            label={t('vms.snapshots.name')}
            autoFocus
            required
          />
          <FormTextField
            control={form.control}
            name="description"
            label={t('vms.snapshots.description')}
          />
          {ramPossible && (
            <Controller
              control={form.control}
              name="includeRam"
              render={({ field }) => (
                <FormControlLabel
                  control={
                    <Checkbox
                      checked={field.value}
                      onChange={(e) => field.onChange(e.target.checked)}
                    />
                  }
                  label={t('vms.snapshots.includeRam')}
                />
              )}
            />
          )}
          <ErrorAlert error={create.error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={create.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={create.isPending}>
            {t('vms.snapshots.take')}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
