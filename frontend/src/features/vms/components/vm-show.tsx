import ArrowBack from '@mui/icons-material/ArrowBack';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import Terminal from '@mui/icons-material/Terminal';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { Slot } from '@/lib/slots';
import type { Job } from '@/lib/jobs/types';
import { JobProgress } from '@/components/jobs/job-progress';
import { useVm } from '../api/get-vm';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { VmAccessTab } from './vm-access-tab';
import { useVmAbilities } from './use-vm-rights';
import { VmDeleteDialog } from './vm-delete-dialog';
import { VmHardwareTab } from './vm-hardware-tab';
import { VmJobsTab } from './vm-jobs-tab';
import { VmLifecycleButtons } from './vm-lifecycle-buttons';
import { VmNetworkTab } from './vm-network-tab';
import { VmPowerButtons } from './vm-power-buttons';
import { VmSnapshotsTab } from './vm-snapshots-tab';
import { VmStatusChip } from './vm-status-chip';
import { VmSummaryTab } from './vm-summary-tab';

const TABS = ['summary', 'hardware', 'network', 'snapshots', 'backups', 'jobs', 'access'] as const;
type TabName = (typeof TABS)[number];

/** One guest: header with power/console/migrate/template/delete, tabs in the URL (`?tab=`), running jobs on top. */
export function VmShowPage() {
  const { t } = useTranslation();
  const { vmId = '' } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab') ?? '';
  const vm = useVm(vmId);
  const abilities = useVmAbilities(vm.data);
  const canManageGrants = useAuthorization().has(perm.vmGrantsManage);
  const tabs = TABS.filter(
    (name) =>
      (name !== 'access' || canManageGrants) &&
      // The backups feature fills this tab through the `vm.backups` slot.
      (name !== 'backups' || (abilities.can('backup') && !vm.data?.template)),
  );
  const tab: TabName = (tabs as readonly string[]).includes(requested)
    ? (requested as TabName)
    : 'summary';
  const [jobs, setJobs] = useState<Job[]>([]);
  const [deleting, setDeleting] = useState(false);
  const [deleteJob, setDeleteJob] = useState<Job | null>(null);

  const onJob = useCallback(
    (job: Job) => setJobs((list) => [job, ...list.filter((j) => j.id !== job.id)]),
    [],
  );
  const onDeleteDone = useCallback(
    (job: Job) => {
      if (job.status === 'succeeded') void navigate('/vms', { replace: true });
    },
    [navigate],
  );

  if (vm.isLoading) return <LoadingScreen />;
  if (!vm.data) return <ErrorAlert error={vm.error} />;
  const data = vm.data;

  return (
    <>
      <Button component={RouterLink} to="/vms" startIcon={<ArrowBack />} sx={{ mb: 1 }}>
        {t('vms.backToList')}
      </Button>
      <PageHeader
        title={data.name ?? `#${data.vmid}`}
        subtitle={
          <Box
            component="span"
            sx={{ display: 'inline-flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}
          >
            <VmStatusChip status={data.status} lock={data.lock} size="medium" />
            <Chip variant="outlined" label={t(`vms.kind.${data.kind}`)} />
            {data.companyName && <Chip variant="outlined" label={data.companyName} />}
            {data.tags.map((tag) => (
              <Chip key={tag} label={tag} variant="outlined" />
            ))}
          </Box>
        }
        actions={
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
            {abilities.can('power') && !data.template && <VmPowerButtons vm={data} onJob={onJob} />}
            {abilities.can('console') && !data.template && (
              // The console feature owns /vms/:id/console; this button is its entry point.
              <Button
                variant="outlined"
                startIcon={<Terminal />}
                component={RouterLink}
                to={`/vms/${data.id}/console`}
              >
                {t('vms.console')}
              </Button>
            )}
            <VmLifecycleButtons vm={data} canEdit={abilities.can('edit')} onJob={onJob} />
            <Slot name="vm.show.actions" guestId={data.id} />
            {abilities.canDelete && (
              <Button
                color="error"
                variant="outlined"
                startIcon={<DeleteOutline />}
                onClick={() => setDeleting(true)}
              >
                {t('vms.delete.action')}
              </Button>
            )}
          </Box>
        }
      />
      {(jobs.length > 0 || deleteJob) && (
        <Card sx={{ mb: 2 }} component="section" aria-label={t('vms.runningJobs')}>
          <CardContent sx={{ display: 'grid', gap: 2 }}>
            {deleteJob && (
              <JobProgress jobId={deleteJob.id} initial={deleteJob} onDone={onDeleteDone} />
            )}
            {jobs.map((job) => (
              <JobProgress key={job.id} jobId={job.id} initial={job} />
            ))}
          </CardContent>
        </Card>
      )}
      <Tabs
        value={tab}
        onChange={(_, value: TabName) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              next.set('tab', value);
              return next;
            },
            { replace: true },
          )
        }
        variant="scrollable"
        sx={{ mb: 2 }}
        aria-label={t('vms.tabsLabel')}
      >
        {tabs.map((name) => (
          <Tab key={name} value={name} label={t(`vms.tabs.${name}`)} />
        ))}
      </Tabs>
      {tab === 'summary' && <VmSummaryTab vm={data} canEdit={abilities.can('edit')} />}
      {tab === 'hardware' && (
        <VmHardwareTab vm={data} canEdit={abilities.can('edit')} onJob={onJob} />
      )}
      {tab === 'network' && (
        <VmNetworkTab vm={data} canEdit={abilities.can('edit')} onJob={onJob} />
      )}
      {tab === 'snapshots' && (
        <VmSnapshotsTab vm={data} canSnapshot={abilities.can('snapshot')} onJob={onJob} />
      )}
      {tab === 'backups' && (
        <Slot name="vm.backups" vmId={data.id} vmName={data.name} onJob={onJob} />
      )}
      {tab === 'jobs' && <VmJobsTab vmId={data.id} />}
      {tab === 'access' && <VmAccessTab vm={data} />}
      {deleting && (
        <VmDeleteDialog
          vm={data}
          onClose={() => setDeleting(false)}
          onJob={(job) => {
            setDeleting(false);
            setDeleteJob(job);
          }}
        />
      )}
    </>
  );
}
