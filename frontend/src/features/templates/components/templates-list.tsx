import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import type { GridColDef } from '@mui/x-data-grid';
import { DataGrid } from '@mui/x-data-grid';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import type { Job } from '@/lib/jobs/types';
import { JobProgress } from '@/components/jobs/job-progress';
import { useCompanyOptions } from '@/lib/queries/companies';
import { templateKeys, useTemplates, type TemplateDto } from '@/lib/queries/templates';
import { useScanTemplates, useUpdateTemplate } from '../api/update-template';

/** super_admin: which companies may clone each template, and which are "Windows + GPU". */
export function TemplatesListPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const templates = useTemplates({});
  const companies = useCompanyOptions(true);
  const scan = useScanTemplates();
  const [scanJob, setScanJob] = useState<Job | null>(null);
  const [editing, setEditing] = useState<TemplateDto | null>(null);
  const names = useMemo(
    () => new Map((companies.data ?? []).map((c) => [c.id, c.name])),
    [companies.data],
  );

  const columns = useMemo<GridColDef<TemplateDto>[]>(
    () => [
      { field: 'name', headerName: t('templates.fields.name'), flex: 1, minWidth: 180 },
      {
        field: 'kind',
        headerName: t('templates.fields.kind'),
        width: 140,
        valueGetter: (_v, row) => t(`vms.kind.${row.kind}`),
      },
      { field: 'clusterName', headerName: t('templates.fields.cluster'), width: 140 },
      { field: 'node', headerName: t('templates.fields.node'), width: 100 },
      {
        field: 'windowsGpu',
        headerName: t('templates.fields.windowsGpu'),
        width: 150,
        renderCell: ({ row }) =>
          row.windowsGpu ? <Chip color="secondary" label={t('templates.gpu')} /> : null,
      },
      {
        field: 'allowedCompanyIds',
        headerName: t('templates.fields.companies'),
        flex: 1.2,
        minWidth: 200,
        valueGetter: (_v, row) =>
          (row.allowedCompanyIds ?? []).map((id) => names.get(id) ?? id).join(', ') ||
          t('templates.nobody'),
      },
      {
        field: 'actions',
        headerName: '',
        width: 110,
        sortable: false,
        renderCell: ({ row }) => (
          <Button size="small" onClick={() => setEditing(row)}>
            {t('common.edit')}
          </Button>
        ),
      },
    ],
    [t, names],
  );

  return (
    <>
      <PageHeader
        title={t('templates.title')}
        subtitle={t('templates.subtitle')}
        actions={
          <Button
            variant="contained"
            disabled={
              scan.isPending ||
              (!!scanJob && !['succeeded', 'failed', 'cancelled'].includes(scanJob.status))
            }
            onClick={() =>
              scan.mutate(undefined, { onSuccess: (answer) => setScanJob(answer.job) })
            }
          >
            {t('templates.scan')}
          </Button>
        }
      />
      <ErrorAlert error={scan.error ?? templates.error} sx={{ mb: 2 }} />
      {scanJob && (
        <Card sx={{ mb: 2 }}>
          <CardContent>
            <JobProgress
              jobId={scanJob.id}
              initial={scanJob}
              onDone={(job) => {
                setScanJob(job);
                void queryClient.invalidateQueries({ queryKey: templateKeys.all });
              }}
            />
          </CardContent>
        </Card>
      )}
      <DataGrid
        autoHeight
        rows={templates.data ?? []}
        columns={columns}
        loading={templates.isLoading}
        disableRowSelectionOnClick
        pageSizeOptions={[25, 50, 100]}
        initialState={{ pagination: { paginationModel: { pageSize: 25 } } }}
        localeText={{ noRowsLabel: t('templates.empty') }}
        aria-label={t('templates.title')}
      />
      {editing && (
        <TemplateDialog
          template={editing}
          companies={companies.data ?? []}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function TemplateDialog({
  template,
  companies,
  onClose,
}: {
  template: TemplateDto;
  companies: Array<{ id: string; name: string }>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateTemplate();
  const [allowed, setAllowed] = useState<string[]>(template.allowedCompanyIds ?? []);
  const [windowsGpu, setWindowsGpu] = useState(template.windowsGpu);
  const selected = companies.filter((c) => allowed.includes(c.id));

  return (
    <Dialog open onClose={update.isPending ? undefined : onClose} aria-labelledby="tpl-title">
      <DialogTitle id="tpl-title">{t('templates.editTitle', { name: template.name })}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2, pt: 1 }}>
        <Box sx={{ pt: 1 }}>
          <Autocomplete
            multiple
            options={companies}
            value={selected}
            getOptionLabel={(o) => o.name}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            onChange={(_, value) => setAllowed(value.map((c) => c.id))}
            renderInput={(params) => (
              <TextField {...params} label={t('templates.fields.companies')} />
            )}
          />
        </Box>
        <FormControlLabel
          control={
            <Switch checked={windowsGpu} onChange={(e) => setWindowsGpu(e.target.checked)} />
          }
          label={t('templates.windowsGpuHelp')}
        />
        <ErrorAlert error={update.error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={update.isPending}>
          {t('common.cancel')}
        </Button>
        <Button
          variant="contained"
          disabled={update.isPending}
          onClick={() =>
            update.mutate(
              { id: template.id, input: { allowedCompanyIds: allowed, windowsGpu } },
              { onSuccess: onClose },
            )
          }
        >
          {t('common.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
