import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createVlanPoolSchema } from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { useClusterOptions } from '../api/list-cluster-options';
import { useCreateVlanPool } from '../api/create-vlan-pool';
import { useDeleteVlanPool } from '../api/delete-vlan-pool';
import { useVlanPools } from '../api/list-vlan-pools';

/** A cluster's VLAN pools (super_admin): which tags the MSP may hand out there. */
export function VlanPoolsSection() {
  const { t } = useTranslation();
  const clusters = useClusterOptions(true);
  const [clusterId, setClusterId] = useState('');
  const pools = useVlanPools(clusterId || null);
  const create = useCreateVlanPool(clusterId);
  const remove = useDeleteVlanPool();
  const [name, setName] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const parsed = createVlanPoolSchema.safeParse({
    name,
    vlanFrom: Number(from),
    vlanTo: Number(to),
  });
  const typed = name !== '' && from !== '' && to !== '';
  const firstIssue = parsed.success ? null : parsed.error.issues[0];

  const submit = () => {
    if (!parsed.success) return;
    create.mutate(parsed.data, {
      onSuccess: () => {
        setName('');
        setFrom('');
        setTo('');
      },
    });
  };

  return (
    <Box component="section" aria-label={t('ipam.vlans.poolsTitle')} sx={{ mt: 4 }}>
      <Typography variant="h6" sx={{ mb: 1 }}>
        {t('ipam.vlans.poolsTitle')}
      </Typography>
      <TextField
        select
        size="small"
        label={t('ipam.vlans.cluster')}
        value={clusterId}
        onChange={(e) => setClusterId(e.target.value)}
        sx={{ minWidth: 240, mb: 2 }}
      >
        {(clusters.data ?? []).map((c) => (
          <MenuItem key={c.id} value={c.id}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
      {clusterId && (
        <>
          <ErrorAlert error={pools.error ?? remove.error} sx={{ mb: 2 }} />
          <Table size="small" aria-label={t('ipam.vlans.poolsTitle')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('ipam.fields.name')}</TableCell>
                <TableCell>{t('ipam.vlans.tags')}</TableCell>
                <TableCell>{t('ipam.vlans.assigned')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {(pools.data ?? []).map((p) => (
                <TableRow key={p.id}>
                  <TableCell>{p.name}</TableCell>
                  <TableCell>
                    {p.vlanFrom}–{p.vlanTo}
                  </TableCell>
                  <TableCell>
                    {t('ipam.vlans.assignedOf', { assigned: p.assigned, size: p.size })}
                  </TableCell>
                  <TableCell align="right">
                    <IconButton
                      aria-label={t('ipam.vlans.deletePool', { name: p.name })}
                      disabled={p.assigned > 0 || remove.isPending}
                      onClick={() => remove.mutate(p.id)}
                    >
                      <DeleteOutline />
                    </IconButton>
                  </TableCell>
                </TableRow>
              ))}
              {pools.data?.length === 0 && (
                <TableRow>
                  <TableCell colSpan={4}>{t('ipam.vlans.noPools')}</TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
          <Box sx={{ display: 'flex', gap: 1, mt: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
            <TextField
              size="small"
              label={t('ipam.fields.name')}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <TextField
              size="small"
              label={t('ipam.vlans.from')}
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              error={typed && firstIssue?.path[0] === 'vlanFrom'}
              sx={{ width: 110 }}
            />
            <TextField
              size="small"
              label={t('ipam.vlans.to')}
              value={to}
              onChange={(e) => setTo(e.target.value)}
              error={typed && firstIssue?.path[0] === 'vlanTo'}
              helperText={typed && firstIssue ? firstIssue.message : undefined}
              sx={{ width: 160 }}
            />
            <Button
              variant="contained"
              disabled={!parsed.success || create.isPending}
              onClick={submit}
            >
              {t('ipam.vlans.addPool')}
            </Button>
          </Box>
          <ErrorAlert error={create.error} sx={{ mt: 2 }} />
        </>
      )}
    </Box>
  );
}
