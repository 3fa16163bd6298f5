import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useCompanyOptions } from '@/lib/queries/companies';
import { useSession } from '@/lib/session-store';
import { useAssignVlan } from '../api/assign-vlan';
import { useCompanyVlans } from '../api/list-company-vlans';
import { useClusterOptions } from '../api/list-cluster-options';
import { useUnassignVlan } from '../api/unassign-vlan';

/**
 * The VLAN tags a company may put on its guests. Staff pick the company and assign (a chosen tag or
 * the lowest free one) or take a tag back; a company admin reads their own.
 */
export function CompanyVlansSection() {
  const { t } = useTranslation();
  const authz = useAuthorization();
  const session = useSession();
  const ownCompany = session.status === 'authenticated' ? session.user.companyId : null;
  const manage = authz.has(perm.ipamManage);
  const companies = useCompanyOptions(manage);
  const clusters = useClusterOptions(manage && authz.has(perm.clustersRead));
  const [picked, setPicked] = useState('');
  const companyId = picked || ownCompany || '';
  const vlans = useCompanyVlans(companyId || null);
  const assign = useAssignVlan(companyId);
  const unassign = useUnassignVlan(companyId);
  const [clusterId, setClusterId] = useState('');
  const [tag, setTag] = useState('');
  const badTag = tag !== '' && !(/^\d+$/.test(tag) && +tag >= 1 && +tag <= 4094);

  return (
    <Box component="section" aria-label={t('ipam.vlans.companyTitle')} sx={{ mt: 4 }}>
      <Typography variant="h6" sx={{ mb: 1 }}>
        {t('ipam.vlans.companyTitle')}
      </Typography>
      {manage && (
        <TextField
          select
          size="small"
          label={t('ipam.fields.owner')}
          value={companyId}
          onChange={(e) => setPicked(e.target.value)}
          sx={{ minWidth: 240, mb: 2 }}
        >
          {(companies.data ?? []).map((c) => (
            <MenuItem key={c.id} value={c.id}>
              {c.name}
            </MenuItem>
          ))}
        </TextField>
      )}
      {companyId && (
        <>
          <ErrorAlert error={vlans.error ?? unassign.error} sx={{ mb: 2 }} />
          <Table size="small" aria-label={t('ipam.vlans.companyTitle')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('ipam.fields.vlan')}</TableCell>
                <TableCell>{t('ipam.vlans.cluster')}</TableCell>
                <TableCell>{t('ipam.vlans.pool')}</TableCell>
                <TableCell>{t('ipam.fields.note')}</TableCell>
                {manage && <TableCell />}
              </TableRow>
            </TableHead>
            <TableBody>
              {(vlans.data ?? []).map((v) => (
                <TableRow key={v.id}>
                  <TableCell>{v.vlan}</TableCell>
                  <TableCell>{v.clusterName ?? v.clusterId}</TableCell>
                  <TableCell>{v.poolName}</TableCell>
                  <TableCell>{v.note}</TableCell>
                  {manage && (
                    <TableCell align="right">
                      <Button
                        size="small"
                        disabled={unassign.isPending}
                        onClick={() => unassign.mutate(v.id)}
                      >
                        {t('ipam.vlans.unassign')}
                      </Button>
                    </TableCell>
                  )}
                </TableRow>
              ))}
              {vlans.data?.length === 0 && (
                <TableRow>
                  <TableCell colSpan={manage ? 5 : 4}>{t('ipam.vlans.noVlans')}</TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
          {manage && (
            <Box sx={{ display: 'flex', gap: 1, mt: 2, alignItems: 'flex-start' }}>
              <TextField
                select
                size="small"
                label={t('ipam.vlans.cluster')}
                value={clusterId}
                onChange={(e) => setClusterId(e.target.value)}
                sx={{ minWidth: 200 }}
              >
                {(clusters.data ?? []).map((c) => (
                  <MenuItem key={c.id} value={c.id}>
                    {c.name}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                size="small"
                label={t('ipam.fields.vlan')}
                value={tag}
                onChange={(e) => setTag(e.target.value)}
                error={badTag}
                helperText={badTag ? t('ipam.validation.vlan') : t('ipam.vlans.nextFreeHint')}
                sx={{ width: 200 }}
              />
              <Button
                variant="contained"
                disabled={!clusterId || badTag || assign.isPending}
                onClick={() =>
                  assign.mutate(
                    { clusterId, ...(tag ? { vlan: Number(tag) } : {}) },
                    { onSuccess: () => setTag('') },
                  )
                }
              >
                {t('ipam.vlans.assign')}
              </Button>
            </Box>
          )}
          <ErrorAlert error={assign.error} sx={{ mt: 2 }} />
        </>
      )}
    </Box>
  );
}
