import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  IPAM_SWEEP_FINDING_KINDS,
  type IpamSweepFinding,
  type IpamSweepFindingKind,
  type IpRangeView,
} from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { useAllocateAddress } from '../api/allocate-address';
import { useConflicts, useLatestSweeps, useStartSweep } from '../api/conflict-sweeps';
import { useClusterOptions } from '../api/list-cluster-options';
import { formatDateTime } from '@/lib/format-time';

const KIND_COLOR = {
  conflict: 'error',
  unknown: 'warning',
  duplicate: 'error',
  sdn_tag_mismatch: 'warning',
} as const;

const PAGE_SIZE = 25;

/**
 * Staff (cluster.manage): what the latest conflict sweep of each cluster the range applies to found
 * inside this range: conflicts, duplicates and unknown in-use addresses, and a re-tag of the range's
 * SDN VNet in Proxmox (the guest column then tells the tags), filtered by kind and paged
 * on the server (GET /api/ipam/conflicts). An unknown address with
 * the guest using it can be adopted: a static allocation to that guest (the next sweep no longer
 * reports it).
 */
export function RangeFindings({ range }: { range: IpRangeView }) {
  const { t } = useTranslation();
  const everyCluster = range.clusterIds.length === 0;
  const clusters = useClusterOptions(true);
  const clusterIds = everyCluster ? (clusters.data ?? []).map((c) => c.id) : range.clusterIds;
  const sweeps = useLatestSweeps(clusterIds, true);
  const start = useStartSweep();
  const adopt = useAllocateAddress();
  const [kind, setKind] = useState<IpamSweepFindingKind | ''>('');
  const [page, setPage] = useState(0);
  const [adopted, setAdopted] = useState<Set<string>>(new Set());

  const nameOf = (id: string) => clusters.data?.find((c) => c.id === id)?.name ?? id;
  const version = sweeps.map((q) => `${q.data?.id ?? ''}:${q.data?.status ?? ''}`).join(',');
  const conflicts = useConflicts(
    {
      rangeId: range.id,
      ...(range.clusterIds.length === 1 ? { clusterId: range.clusterIds[0] } : {}),
      ...(kind ? { kind } : {}),
      page: page + 1,
      pageSize: PAGE_SIZE,
    },
    version,
    true,
  );
  const findings = conflicts.data?.items ?? [];
  const key = (f: IpamSweepFinding) => `${f.kind}:${f.address}:${f.vmid}`;

  return (
    <Box component="section" aria-label={t('ipam.findings.title')} sx={{ mt: 3 }}>
      <Typography variant="h6">{t('ipam.findings.title')}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('ipam.findings.hint')}
      </Typography>
      <ErrorAlert
        error={sweeps.find((q) => q.error)?.error ?? conflicts.error ?? start.error ?? adopt.error}
        sx={{ mb: 1 }}
      />
      <Box sx={{ display: 'flex', gap: 2, mb: 1, flexWrap: 'wrap', alignItems: 'center' }}>
        {clusterIds.map((id, i) => {
          const s = sweeps[i]?.data;
          return (
            <Box key={id} sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
              <Typography variant="body2">
                {s
                  ? t(`ipam.findings.sweep.${s.status}`, {
                      cluster: nameOf(id),
                      at: formatDateTime(s.finishedAt ?? s.startedAt),
                      checked: s.guestsChecked,
                      skipped: s.guestsSkipped,
                    })
                  : t('ipam.findings.noSweep', { cluster: nameOf(id) })}
              </Typography>
              <Button
                size="small"
                disabled={start.isPending || s?.status === 'running'}
                onClick={() => start.mutate(id)}
              >
                {t('ipam.findings.run', { cluster: nameOf(id) })}
              </Button>
            </Box>
          );
        })}
        <TextField
          select
          size="small"
          label={t('ipam.findings.kind')}
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as IpamSweepFindingKind | '');
            setPage(0);
          }}
          sx={{ width: 180 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          {IPAM_SWEEP_FINDING_KINDS.map((k) => (
            <MenuItem key={k} value={k}>
              {t(`ipam.findings.kinds.${k}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {findings.length === 0 ? (
        <Typography variant="body2">{t('ipam.findings.none')}</Typography>
      ) : (
        <Table size="small" aria-label={t('ipam.findings.table')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('ipam.fields.address')}</TableCell>
              <TableCell>{t('ipam.findings.kind')}</TableCell>
              <TableCell>{t('ipam.findings.guest')}</TableCell>
              <TableCell>{t('ipam.findings.ipam')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {findings.map((f) => (
              <TableRow key={`${f.clusterId}:${key(f)}`}>
                <TableCell>{f.address}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    color={KIND_COLOR[f.kind]}
                    label={t(`ipam.findings.kinds.${f.kind}`)}
                  />
                </TableCell>
                <TableCell>
                  {f.sdn
                    ? t('ipam.findings.sdnTag', {
                        vnet: f.sdn.vnet,
                        tag: f.sdn.tag ?? t('ipam.findings.untagged'),
                        boundTag: f.sdn.boundTag ?? t('ipam.findings.untagged'),
                      })
                    : t('ipam.findings.guestLabel', { name: f.guestName ?? '—', vmid: f.vmid })}
                  {f.alsoVmids.length > 0 &&
                    ` · ${t('ipam.findings.also', { vmids: f.alsoVmids.join(', ') })}`}
                </TableCell>
                <TableCell>{f.ipamStatus ? t(`ipam.status.${f.ipamStatus}`) : '—'}</TableCell>
                <TableCell align="right">
                  {f.kind === 'unknown' &&
                    f.guestId &&
                    (adopted.has(key(f)) ? (
                      <Chip size="small" color="success" label={t('ipam.findings.adopted')} />
                    ) : (
                      <Button
                        size="small"
                        disabled={adopt.isPending}
                        aria-label={t('ipam.findings.adoptLabel', { address: f.address })}
                        onClick={() =>
                          adopt.mutate(
                            {
                              rangeId: range.id,
                              input: { address: f.address, guestId: f.guestId! },
                            },
                            { onSuccess: () => setAdopted((s) => new Set(s).add(key(f))) },
                          )
                        }
                      >
                        {t('ipam.findings.adopt')}
                      </Button>
                    ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {(conflicts.data?.total ?? 0) > PAGE_SIZE && (
        <TablePagination
          component="div"
          count={conflicts.data!.total}
          page={page}
          rowsPerPage={PAGE_SIZE}
          rowsPerPageOptions={[PAGE_SIZE]}
          onPageChange={(_e, p) => setPage(p)}
        />
      )}
    </Box>
  );
}
