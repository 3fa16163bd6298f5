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
import MenuItem from '@mui/material/MenuItem';
import type { GridColDef } from '@mui/x-data-grid';
import { TEMPLATE_SORTS } from '@multpanel/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { PageHeader } from '@/components/page-header';
import { SearchField } from '@/components/search-field';
import { ServerDataGrid } from '@/components/server-data-grid';
import { oneOf, useListParams } from '@/lib/use-list-params';
import type { Job } from '@/lib/jobs/types';
import { JobProgress } from '@/components/jobs/job-progress';
import { useCompanyOptions } from '@/lib/queries/companies';
import { templateKeys, useTemplates, type TemplateDto } from '@/lib/queries/templates';
import { useScanTemplates, useUpdateTemplate } from '../api/update-template';

/** super_admin: which companies may clone each template, and which are "Windows + GPU". */
export function TemplatesListPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // Paged, filtered and sorted by the API; the URL holds page, filters and sort.
  const list = useListParams(['search', 'kind', 'sort'] as const);
  const templates = useTemplates({
    page: list.page,
    pageSize: list.pageSize,
    search: list.filters.search || undefined,
    kind: oneOf(['qemu', 'lxc'] as const, list.filters.kind),
    sort: oneOf(TEMPLATE_SORTS, list.filters.sort),
  });
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
      <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <SearchField value={list.filters.search} onChange={(v) => list.setFilter('search', v)} />
        <TextField
          select
          label={t('templates.fields.kind')}
          value={list.filters.kind}
          onChange={(e) => list.setFilter('kind', e.target.value)}
          sx={{ width: 180 }}
        >
          <MenuItem value="">{t('common.all')}</MenuItem>
          {(['qemu', 'lxc'] as const).map((k) => (
            <MenuItem key={k} value={k}>
              {t(`vms.kind.${k}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={t('templates.sortBy')}
          value={oneOf(TEMPLATE_SORTS, list.filters.sort) ?? 'name'}
          onChange={(e) => list.setFilter('sort', e.target.value === 'name' ? '' : e.target.value)}
          sx={{ width: 220 }}
        >
          {TEMPLATE_SORTS.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`templates.sort.${s}`)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <ServerDataGrid
        rows={templates.data?.items ?? []}
        total={templates.data?.total ?? 0}
        page={list.page}
        pageSize={list.pageSize}
        onPageChange={list.setPage}
        loading={templates.isFetching && !templates.data}
        columns={columns}
        disableRowSelectionOnClick
        emptyLabel={t('templates.empty')}
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
