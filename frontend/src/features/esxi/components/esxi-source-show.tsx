import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import type {
  EsxiDatastore,
  EsxiInventoryDto,
  EsxiNetwork,
  EsxiTestResult,
  EsxiVmDto,
  JobDto,
} from '@multpanel/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ErrorAlert } from '@/components/error-alert';
import { JobProgress } from '@/components/jobs/job-progress';
import { PageHeader } from '@/components/page-header';
import { SearchField } from '@/components/search-field';
import { ServerDataGrid } from '@/components/server-data-grid';
import { formatDateTime } from '@/lib/format-time';
import { useListParams } from '@/lib/use-list-params';
import { esxiKeys } from '../api/esxi-keys';
import { useEsxiInventory, useEsxiVms } from '../api/inventory';
import {
  useAcceptEsxiCertificate,
  useDeleteEsxiSource,
  useDiscoverEsxiSource,
  useEsxiSource,
  useTestEsxiSource,
} from '../api/sources';
import { EsxiImportDialog } from './esxi-import-dialog';
import { EsxiTestResultAlert } from './esxi-test-result';
import { formatBytes } from './format';

const POWER = ['poweredOn', 'poweredOff', 'suspended'] as const;

/** "What changed": VMs added, removed or changed by the last discovery. */
export function EsxiChanges({ changes }: { changes: EsxiInventoryDto['changes'] }) {
  const { t } = useTranslation();
  if (!changes) return null;
  const { added, removed, changed } = changes;
  if (!added.length && !removed.length && !changed.length)
    return (
      <Alert severity="info" sx={{ mb: 2 }}>
        {t('esxi.changes.none')}
      </Alert>
    );
  return (
    <Alert severity="info" sx={{ mb: 2 }} data-testid="esxi-changes">
      <Typography fontWeight={600}>{t('esxi.changes.title')}</Typography>
      {added.length > 0 && (
        <Typography>
          {t('esxi.changes.added')}: {added.join(', ')}
        </Typography>
      )}
      {removed.length > 0 && (
        <Typography>
          {t('esxi.changes.removed')}: {removed.join(', ')}
        </Typography>
      )}
      {changed.length > 0 && (
        <Typography>
          {t('esxi.changes.changed')}:{' '}
          {changed.map((c) => `${c.name} (${c.fields.join(', ')})`).join('; ')}
        </Typography>
      )}
    </Alert>
  );
}

export function EsxiSourceShowPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { sourceId = '' } = useParams();
  const source = useEsxiSource(sourceId);
  const version = source.data?.lastDiscoveryAt ?? null;
  const inventory = useEsxiInventory(sourceId, version);
  const list = useListParams(['search', 'powerState'] as const);
  const vms = useEsxiVms(
    sourceId,
    {
      page: list.page,
      pageSize: list.pageSize,
      ...(list.filters.search ? { search: list.filters.search } : {}),
      ...(list.filters.powerState
        ? { powerState: list.filters.powerState as (typeof POWER)[number] }
        : {}),
    },
    version,
  );
  const [tab, setTab] = useState<'vms' | 'datastores' | 'networks'>('vms');
  const [test, setTest] = useState<EsxiTestResult | null>(null);
  const [job, setJob] = useState<JobDto | null>(null);
  const [importing, setImporting] = useState<EsxiVmDto | null>(null);
  const [deleting, setDeleting] = useState(false);
  const runTest = useTestEsxiSource();
  const accept = useAcceptEsxiCertificate();
  const discover = useDiscoverEsxiSource();
  const remove = useDeleteEsxiSource();
  const s = source.data;
  if (source.error) return <ErrorAlert error={source.error} />;
  if (!s) return null;

  const vmColumns: GridColDef<EsxiVmDto>[] = [
    { field: 'name', headerName: t('esxi.fields.name'), flex: 1, minWidth: 160 },
    {
      field: 'powerState',
      headerName: t('esxi.fields.power'),
      width: 100,
      valueFormatter: (v: string) => t(`esxi.power.${v}`, { defaultValue: v }),
    },
    {
      field: 'guestOsName',
      headerName: t('esxi.fields.guestOs'),
      flex: 1,
      minWidth: 150,
      valueGetter: (_v, row) => row.guestOsName ?? row.guestOs ?? '—',
    },
    { field: 'cpus', headerName: t('esxi.fields.cpus'), width: 70 },
    {
      field: 'memoryMb',
      headerName: t('esxi.fields.memory'),
      width: 100,
      valueFormatter: (v: number) => formatBytes(v * 1024 * 1024),
    },
    {
      field: 'disks',
      headerName: t('esxi.fields.disks'),
      width: 130,
      valueGetter: (_v, row) =>
        `${row.disks.length} · ${formatBytes(row.disks.reduce((a, d) => a + d.capacityBytes, 0))}`,
    },
    {
      field: 'nics',
      headerName: t('esxi.fields.nics'),
      flex: 1,
      minWidth: 140,
      valueGetter: (_v, row) => row.nics.map((n) => n.network ?? n.label).join(', '),
    },
    {
      field: 'ipAddresses',
      headerName: t('esxi.fields.ip'),
      width: 140,
      valueGetter: (_v, row) => row.ipAddresses.join(', '),
    },
    { field: 'snapshots', headerName: t('esxi.fields.snapshots'), width: 90 },
    {
      field: 'actions',
      headerName: '',
      width: 110,
      sortable: false,
      renderCell: ({ row }) => (
        <Button size="small" onClick={() => setImporting(row)}>
          {t('esxi.import.action')}
        </Button>
      ),
    },
  ];
  const dsColumns: GridColDef<EsxiDatastore>[] = [
    { field: 'name', headerName: t('esxi.fields.datastore'), flex: 1 },
    { field: 'type', headerName: t('esxi.fields.type'), width: 120 },
    {
      field: 'capacityBytes',
      headerName: t('esxi.fields.capacity'),
      width: 130,
      valueFormatter: (v: number) => formatBytes(v),
    },
    {
      field: 'freeBytes',
      headerName: t('esxi.fields.free'),
      width: 130,
      valueFormatter: (v: number) => formatBytes(v),
    },
  ];
  const netColumns: GridColDef<EsxiNetwork>[] = [
    { field: 'name', headerName: t('esxi.fields.network'), flex: 1 },
    { field: 'type', headerName: t('esxi.fields.type'), width: 240 },
  ];

  return (
    <>
      <PageHeader
        title={s.name}
        subtitle={
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
            <span>
              {s.host}:{s.port}
            </span>
            {s.apiType && <Chip size="small" label={`${s.apiType} ${s.version ?? ''}`} />}
            <span>
              {t('esxi.fields.lastDiscoveryAt')}: {formatDateTime(s.lastDiscoveryAt)}
            </span>
          </Box>
        }
        actions={
          <Box sx={{ display: 'flex', gap: 1 }}>
            <Button
              disabled={runTest.isPending}
              onClick={() => runTest.mutate(s.id, { onSuccess: setTest })}
            >
              {t('esxi.test')}
            </Button>
            <Button
              variant="contained"
              disabled={
                discover.isPending || (!!job && !['succeeded', 'failed'].includes(job.status))
              }
              onClick={() => discover.mutate(s.id, { onSuccess: (a) => setJob(a.job) })}
            >
              {s.lastDiscoveryAt ? t('esxi.rediscover') : t('esxi.discover')}
            </Button>
            <Button color="error" onClick={() => setDeleting(true)}>
              {t('esxi.delete')}
            </Button>
          </Box>
        }
      />
      <ErrorAlert error={runTest.error ?? discover.error ?? accept.error} sx={{ mb: 2 }} />
      {test && (
        <Box sx={{ display: 'grid', gap: 1, mb: 2 }}>
          <EsxiTestResultAlert result={test} />
          {!test.trusted && (
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
              <Typography sx={{ fontFamily: 'monospace' }}>{test.fingerprint}</Typography>
              <Button
                variant="outlined"
                onClick={() =>
                  accept.mutate(
                    { id: s.id, fingerprint: test.fingerprint },
                    { onSuccess: () => runTest.mutate(s.id, { onSuccess: setTest }) },
                  )
                }
              >
                {t('esxi.accept')}
              </Button>
            </Box>
          )}
        </Box>
      )}
      {s.lastError && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {s.lastError}
        </Alert>
      )}
      {job && (
        <Box sx={{ mb: 2 }}>
          <JobProgress
            jobId={job.id}
            initial={job}
            onDone={(done) => {
              setJob(done);
              void queryClient.invalidateQueries({ queryKey: esxiKeys.all });
            }}
          />
        </Box>
      )}
      {!s.lastDiscoveryAt && !job && <Alert severity="info">{t('esxi.notDiscovered')}</Alert>}
      <EsxiChanges changes={inventory.data?.changes ?? null} />
      <Tabs value={tab} onChange={(_e, v: typeof tab) => setTab(v)} sx={{ mb: 2 }}>
        <Tab value="vms" label={t('esxi.tabs.vms')} />
        <Tab value="datastores" label={t('esxi.tabs.datastores')} />
        <Tab value="networks" label={t('esxi.tabs.networks')} />
      </Tabs>
      {tab === 'vms' && (
        <>
          <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap' }}>
            <SearchField
              value={list.filters.search}
              onChange={(v) => list.setFilter('search', v)}
            />
            <TextField
              select
              size="small"
              label={t('esxi.filters.power')}
              value={list.filters.powerState}
              onChange={(e) => list.setFilter('powerState', e.target.value)}
              sx={{ minWidth: 160 }}
            >
              <MenuItem value="">{t('esxi.filters.all')}</MenuItem>
              {POWER.map((p) => (
                <MenuItem key={p} value={p}>
                  {t(`esxi.power.${p}`)}
                </MenuItem>
              ))}
            </TextField>
          </Box>
          <ErrorAlert error={vms.error} />
          <ServerDataGrid
            rows={vms.data?.items ?? []}
            total={vms.data?.total ?? 0}
            page={list.page}
            pageSize={list.pageSize}
            onPageChange={list.setPage}
            loading={vms.isLoading}
            emptyLabel={t('esxi.notDiscovered')}
            columns={vmColumns}
          />
        </>
      )}
      {tab === 'datastores' && (
        <DataGrid
          autoHeight
          getRowId={(r) => r.moref}
          rows={inventory.data?.datastores ?? []}
          columns={dsColumns}
          hideFooter
        />
      )}
      {tab === 'networks' && (
        <DataGrid
          autoHeight
          getRowId={(r) => r.moref}
          rows={inventory.data?.networks ?? []}
          columns={netColumns}
          hideFooter
        />
      )}
      {importing && (
        <EsxiImportDialog
          sourceId={s.id}
          companyId={s.companyId}
          vm={importing}
          onClose={() => setImporting(null)}
        />
      )}
      <ConfirmDialog
        open={deleting}
        title={t('esxi.delete')}
        message={t('esxi.deleteConfirm', { name: s.name })}
        confirmLabel={t('esxi.delete')}
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate(s.id, { onSuccess: () => void navigate('/esxi') })}
        onClose={() => setDeleting(false)}
      />
    </>
  );
}
