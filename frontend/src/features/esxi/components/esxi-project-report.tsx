import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import type { EsxiProjectDto, EsxiProjectVmDto, EsxiProjectVmStatus } from '@multpanel/contracts';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { useCancelEsxiProjectVm } from '../api/projects';
import { formatBytes } from './format';

const STATUS_COLOR: Record<
  EsxiProjectVmStatus,
  'default' | 'info' | 'success' | 'error' | 'warning'
> = {
  planned: 'default',
  refused: 'error',
  queued: 'info',
  running: 'info',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'warning',
  'rolled-back': 'warning',
};

export function ProjectVmStatus({ status }: { status: EsxiProjectVmStatus }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={STATUS_COLOR[status]}
      label={t(`esxiProjects.status.${status}`)}
    />
  );
}

/** The guest agent check of one VM: answered (with its addresses), silent, or not done. */
function agentText(t: TFunction, v: EsxiProjectVmDto): string {
  if (!v.agent) return '';
  return v.agent.answered
    ? t('esxiProjects.agentAnswered', { addresses: v.agent.addresses.join(', ') || '—' })
    : t('esxiProjects.agentSilent', { seconds: v.agent.waitedSeconds });
}

/** A project's report per VM, and the after-import checklist of every imported guest. */
export function ProjectReport({
  project,
  canManage,
}: {
  project: EsxiProjectDto;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const cancelVm = useCancelEsxiProjectVm();
  const reportColumns: GridColDef<EsxiProjectVmDto>[] = [
    { field: 'name', headerName: t('esxiProjects.fields.vm'), flex: 1, minWidth: 150 },
    { field: 'wave', headerName: t('esxiProjects.fields.wave'), width: 80 },
    {
      field: 'status',
      headerName: t('esxiProjects.fields.status'),
      width: 130,
      renderCell: ({ row }) => <ProjectVmStatus status={row.status} />,
    },
    {
      field: 'progress',
      headerName: t('esxiProjects.fields.progress'),
      width: 100,
      valueFormatter: (v: number | null) => (v == null ? '—' : `${v} %`),
    },
    {
      field: 'durationSeconds',
      headerName: t('esxiProjects.fields.duration'),
      width: 110,
      valueFormatter: (v: number | null) => (v == null ? '—' : `${v} s`),
    },
    {
      field: 'sizeBytes',
      headerName: t('esxiProjects.fields.size'),
      width: 110,
      valueFormatter: (v: number) => formatBytes(v),
    },
    {
      field: 'warnings',
      headerName: t('esxiProjects.fields.warnings'),
      flex: 1,
      minWidth: 150,
      valueGetter: (_v, row) => row.warnings.join(', '),
    },
    {
      field: 'sourceShutDown',
      headerName: t('esxiProjects.sourceShutDown'),
      width: 130,
      valueFormatter: (v: boolean) => (v ? '✓' : ''),
    },
    {
      field: 'agent',
      headerName: t('esxiProjects.fields.agent'),
      width: 170,
      valueGetter: (_v, row) => agentText(t, row),
    },
    {
      field: 'error',
      headerName: t('esxiProjects.fields.error'),
      flex: 1,
      minWidth: 150,
      valueFormatter: (v: string | null) => v ?? '',
    },
    {
      field: 'guestId',
      headerName: t('esxiProjects.fields.guest'),
      width: 110,
      renderCell: ({ row }) =>
        row.guestId && row.status === 'succeeded' ? (
          <Button size="small" component={RouterLink} to={`/vms/${row.guestId}`}>
            {t('esxiProjects.fields.guest')}
          </Button>
        ) : canManage && (row.status === 'queued' || row.status === 'running') ? (
          <Button
            size="small"
            color="warning"
            disabled={cancelVm.isPending}
            onClick={() => cancelVm.mutate({ id: project.id, vmId: row.id })}
            aria-label={`${t('esxiProjects.cancelImport')} ${row.name}`}
          >
            {t('esxiProjects.cancelImport')}
          </Button>
        ) : null,
    },
  ];
  const withHints = project.vms.filter((v) => v.hints.length > 0);
  return (
    <>
      <Typography variant="h5" sx={{ mb: 1 }}>
        {t('esxiProjects.report')}
      </Typography>
      <ErrorAlert error={cancelVm.error} sx={{ mb: 1 }} />
      <DataGrid autoHeight rows={project.vms} columns={reportColumns} hideFooter />
      {withHints.length > 0 && (
        <Box component="section" aria-label={t('esxiProjects.checklist')} sx={{ mt: 2 }}>
          <Typography variant="h6" component="h2">
            {t('esxiProjects.checklist')}
          </Typography>
          {withHints.map((v) => (
            <Box key={v.id} sx={{ mb: 1 }}>
              <Typography fontWeight={600}>{v.name}</Typography>
              <Box component="ul" sx={{ m: 0 }}>
                {v.hints.map((h) => (
                  <li key={h.type}>{h.message}</li>
                ))}
              </Box>
            </Box>
          ))}
        </Box>
      )}
    </>
  );
}
