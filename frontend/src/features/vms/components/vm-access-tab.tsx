import { VM_RIGHTS, type VmRight } from '@multpanel/contracts';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
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
import { ErrorAlert } from '@/components/error-alert';
import type { VmDetail } from '../api/types';
import { useGrantCandidates, useSetVmGrants, useVmGrants } from '../api/vm-grants';

type Draft = Array<{ userId: string; label: string; rights: VmRight[] }>;

/** Which `user` accounts may see this guest and what each may do on it (per-VM grants). */
export function VmAccessTab({ vm }: { vm: VmDetail }) {
  const { t } = useTranslation();
  const grants = useVmGrants(vm.id, true);
  const candidates = useGrantCandidates(vm.companyId, true);
  const save = useSetVmGrants(vm.id);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [adding, setAdding] = useState('');

  const current: Draft =
    draft ??
    (grants.data ?? []).map((g) => ({
      userId: g.userId,
      label: g.name || g.email,
      rights: g.rights,
    }));
  const addable = (candidates.data ?? []).filter((u) => !current.some((g) => g.userId === u.id));

  const toggle = (userId: string, right: VmRight) =>
    setDraft(
      current.map((g) =>
        g.userId !== userId
          ? g
          : {
              ...g,
              rights: g.rights.includes(right)
                ? g.rights.filter((r) => r !== right)
                : [...g.rights, right],
            },
      ),
    );

  return (
    <Card>
      <CardContent sx={{ display: 'grid', gap: 2 }}>
        <Typography color="text.secondary">{t('vms.access.help')}</Typography>
        <ErrorAlert error={grants.error} />
        <Table size="small" aria-label={t('vms.tabs.access')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('vms.access.user')}</TableCell>
              {VM_RIGHTS.map((r) => (
                <TableCell key={r} align="center">
                  {t(`vms.access.rights.${r}`)}
                </TableCell>
              ))}
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {current.map((g) => (
              <TableRow key={g.userId}>
                <TableCell>{g.label}</TableCell>
                {VM_RIGHTS.map((r) => (
                  <TableCell key={r} align="center" padding="checkbox">
                    <Checkbox
                      checked={g.rights.includes(r)}
                      onChange={() => toggle(g.userId, r)}
                      slotProps={{
                        input: {
                          'aria-label': t('vms.access.rightFor', {
                            right: t(`vms.access.rights.${r}`),
                            user: g.label,
                          }),
                        },
                      }}
                    />
                  </TableCell>
                ))}
                <TableCell align="right">
                  <IconButton
                    aria-label={t('vms.access.remove', { user: g.label })}
                    onClick={() => setDraft(current.filter((x) => x.userId !== g.userId))}
                  >
                    <DeleteOutline />
                  </IconButton>
                </TableCell>
              </TableRow>
            ))}
            {current.length === 0 && (
              <TableRow>
                <TableCell colSpan={VM_RIGHTS.length + 2}>{t('vms.access.none')}</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
          <TextField
            select
            label={t('vms.access.addUser')}
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
            sx={{ minWidth: 260 }}
            disabled={addable.length === 0}
          >
            {addable.map((u) => (
              <MenuItem key={u.id} value={u.id}>
                {u.name ? `${u.name} (${u.email})` : u.email}
              </MenuItem>
            ))}
          </TextField>
          <Button
            disabled={!adding}
            onClick={() => {
              const user = addable.find((u) => u.id === adding);
              if (!user) return;
              setDraft([
                ...current,
                { userId: user.id, label: user.name || user.email, rights: ['view'] },
              ]);
              setAdding('');
            }}
          >
            {t('vms.access.add')}
          </Button>
          <Box sx={{ flex: 1 }} />
          <Button
            variant="contained"
            disabled={!draft || save.isPending}
            onClick={() =>
              save.mutate(
                current.map((g) => ({ userId: g.userId, rights: g.rights })),
                { onSuccess: () => setDraft(null) },
              )
            }
          >
            {t('common.save')}
          </Button>
        </Box>
        {save.isSuccess && !draft && <Alert severity="success">{t('vms.access.saved')}</Alert>}
        <ErrorAlert error={save.error} />
      </CardContent>
    </Card>
  );
}
