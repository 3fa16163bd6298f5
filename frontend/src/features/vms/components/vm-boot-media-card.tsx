import ArrowDownward from '@mui/icons-material/ArrowDownward';
import ArrowUpward from '@mui/icons-material/ArrowUpward';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useMedia } from '@/lib/queries/templates';
import { useUpdateVm } from '../api/vm-mutations';
import type { VmDetail } from '../api/types';

const isoName = (volid: string) => volid.replace(/^[^:]*:iso\//, '');

/** The CD/DVD drive of a VM: mount an ISO of the cluster (from the company-visible list) or eject. */
export function VmCdromCard({ vm, canEdit }: { vm: VmDetail; canEdit: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateVm();
  const media = useMedia({ clusterId: vm.clusterId, kind: 'iso' }, canEdit);
  const drive = vm.config?.cdroms[0] ?? null;
  const [iso, setIso] = useState('');
  // An ISO must be on a storage the guest's node reads.
  const isos = [
    ...new Set((media.data ?? []).filter((m) => m.node === vm.node).map((m) => m.volid)),
  ];
  const mount = (isoVolid: string | null) =>
    update.mutate({ id: vm.id, input: { cdrom: { isoVolid } } }, { onSuccess: () => setIso('') });

  return (
    <Card>
      <CardContent sx={{ display: 'grid', gap: 2 }}>
        <Typography variant="h6" component="h2">
          {t('vms.cdrom.title')}
        </Typography>
        <Typography>
          {drive?.isoVolid
            ? t('vms.cdrom.mounted', { drive: drive.key, iso: isoName(drive.isoVolid) })
            : drive
              ? t('vms.cdrom.empty', { drive: drive.key })
              : t('vms.cdrom.noDrive')}
        </Typography>
        {canEdit && (
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
            <TextField
              select
              size="small"
              label={t('vms.cdrom.iso')}
              value={iso}
              onChange={(e) => setIso(e.target.value)}
              sx={{ minWidth: 260, flex: { xs: '1 1 100%', sm: '0 1 auto' } }}
              helperText={media.isSuccess && isos.length === 0 ? t('vms.cdrom.noIsos') : undefined}
            >
              {isos.map((v) => (
                <MenuItem key={v} value={v}>
                  {isoName(v)}
                </MenuItem>
              ))}
            </TextField>
            <Button
              variant="contained"
              disabled={!iso || update.isPending}
              onClick={() => mount(iso)}
            >
              {t('vms.cdrom.mount')}
            </Button>
            {drive?.isoVolid && (
              <Button disabled={update.isPending} onClick={() => mount(null)}>
                {t('vms.cdrom.eject')}
              </Button>
            )}
          </Box>
        )}
        <ErrorAlert error={media.error ?? update.error} />
      </CardContent>
    </Card>
  );
}

/** Boot devices in order: tick the ones to boot from, move them up or down, save. */
export function VmBootOrderCard({ vm, canEdit }: { vm: VmDetail; canEdit: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateVm();
  const cfg = vm.config;
  const devices = [
    ...(cfg?.disks ?? []).map((d) => ({ key: d.key, label: t('vms.boot.disk', { key: d.key }) })),
    ...(cfg?.cdroms ?? []).map((d) => ({ key: d.key, label: t('vms.boot.cdrom', { key: d.key }) })),
    ...(cfg?.networks ?? []).map((n) => ({ key: n.key, label: t('vms.boot.nic', { key: n.key }) })),
  ];
  const saved = cfg?.bootOrder ?? [];
  const initial = [
    ...saved.filter((k) => devices.some((d) => d.key === k)),
    ...devices.map((d) => d.key).filter((k) => !saved.includes(k)),
  ];
  const [order, setOrder] = useState<string[] | null>(null);
  const [enabled, setEnabled] = useState<Set<string> | null>(null);
  const rows = order ?? initial;
  const on = enabled ?? new Set(saved);
  const move = (i: number, by: number) => {
    const next = [...rows];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    setOrder(next);
  };
  const toggle = (key: string) => {
    const next = new Set(on);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setEnabled(next);
  };
  const bootOrder = rows.filter((k) => on.has(k));
  const dirty = bootOrder.join(';') !== saved.join(';');
  const labelOf = (k: string) => devices.find((d) => d.key === k)?.label ?? k;

  return (
    <Card>
      <CardContent sx={{ display: 'grid', gap: 1 }}>
        <Typography variant="h6" component="h2">
          {t('vms.boot.title')}
        </Typography>
        <List dense aria-label={t('vms.boot.title')}>
          {rows.map((k, i) => (
            <ListItem
              key={k}
              disableGutters
              secondaryAction={
                canEdit && (
                  <>
                    <IconButton
                      aria-label={t('vms.boot.up', { key: k })}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                    >
                      <ArrowUpward fontSize="small" />
                    </IconButton>
                    <IconButton
                      aria-label={t('vms.boot.down', { key: k })}
                      disabled={i === rows.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      <ArrowDownward fontSize="small" />
                    </IconButton>
                  </>
                )
              }
            >
              <Checkbox
                edge="start"
                checked={on.has(k)}
                disabled={!canEdit}
                onChange={() => toggle(k)}
                slotProps={{ input: { 'aria-label': t('vms.boot.use', { key: k }) } }}
              />
              <ListItemText primary={labelOf(k)} />
            </ListItem>
          ))}
        </List>
        {canEdit && (
          <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
            <Button
              variant="contained"
              disabled={!dirty || bootOrder.length === 0 || update.isPending}
              onClick={() =>
                update.mutate(
                  { id: vm.id, input: { bootOrder } },
                  {
                    onSuccess: () => {
                      setOrder(null);
                      setEnabled(null);
                    },
                  },
                )
              }
            >
              {t('vms.boot.save')}
            </Button>
          </Box>
        )}
        <ErrorAlert error={update.error} />
      </CardContent>
    </Card>
  );
}
