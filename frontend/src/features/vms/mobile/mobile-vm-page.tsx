import ArrowBack from '@mui/icons-material/ArrowBack';
import Terminal from '@mui/icons-material/Terminal';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import type { Job } from '@/lib/jobs/types';
import { Slot } from '@/lib/slots';
import { JobProgress } from '@/components/jobs/job-progress';
import { useGuestAddresses } from '../api/guest-addresses';
import { useVm } from '../api/get-vm';
import { formatBytes, formatPercent, formatUptime } from '../components/format';
import { osLabel, VmAddresses } from '../components/vm-addresses';
import { useVmAbilities } from '../components/use-vm-rights';
import { VmPowerButtons } from '../components/vm-power-buttons';
import { VmStatusChip } from '../components/vm-status-chip';

/** The guest's IPAM addresses, NIC by NIC (read-only; nothing when no NIC took one from a range). */
function AssignedAddresses({ vmId }: { vmId: string }) {
  const { t } = useTranslation();
  const addresses = useGuestAddresses(vmId);
  if (!addresses.data?.length) return null;
  return (
    <Card variant="outlined" component="section" aria-label={t('vms.mobile.assigned')}>
      <CardContent sx={{ display: 'grid', gap: 0.5 }}>
        <Typography variant="h6" component="h2">
          {t('vms.mobile.assigned')}
        </Typography>
        {addresses.data.map((a) => (
          <Box key={a.id ?? a.address} sx={{ display: 'flex', gap: 2 }}>
            <Typography sx={{ minWidth: 56, fontWeight: 600 }}>
              {a.nic === null ? '—' : `net${a.nic}`}
            </Typography>
            <Typography sx={{ fontFamily: 'monospace' }}>{a.address}</Typography>
          </Box>
        ))}
      </CardContent>
    </Card>
  );
}

/** One guest on a phone: status, a few numbers, big power buttons (every tap confirmed), progress. */
export function MobileVmPage() {
  const { t } = useTranslation();
  const { vmId = '' } = useParams();
  const vm = useVm(vmId);
  const abilities = useVmAbilities(vm.data);
  const [job, setJob] = useState<Job | null>(null);

  if (vm.isLoading) return <LoadingScreen />;
  if (!vm.data) return <ErrorAlert error={vm.error} />;
  const data = vm.data;

  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Button
        component={RouterLink}
        to="/mobile/vms"
        startIcon={<ArrowBack />}
        sx={{ justifySelf: 'start', minHeight: 48 }}
      >
        {t('vms.mobile.back')}
      </Button>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="h3" component="h1" sx={{ flex: 1 }}>
          {data.name ?? `#${data.vmid}`}
        </Typography>
        <VmStatusChip status={data.status} lock={data.lock} size="medium" />
      </Box>
      <Card variant="outlined">
        <CardContent sx={{ display: 'grid', gap: 0.5 }}>
          <Typography>
            {t('vms.mobile.uptime', { value: formatUptime(data.live?.uptime) })}
          </Typography>
          <Typography>
            {t('vms.mobile.resources', {
              cpus: data.cpus ?? '—',
              memory: formatBytes(data.maxmem),
            })}
          </Typography>
          {data.live && (
            <Typography>
              {t('vms.mobile.usage', {
                cpu: formatPercent(data.live.cpu),
                memory: formatBytes(data.live.mem),
              })}
            </Typography>
          )}
          <Typography>{osLabel(data.kind, data.config?.osType, t)}</Typography>
        </CardContent>
      </Card>
      <AssignedAddresses vmId={data.id} />
      {data.live && <VmAddresses addresses={data.addresses} kind={data.kind} />}
      {data.config?.description && (
        // Notes are read here; they are edited on the guest page of the full console.
        <Card variant="outlined" component="section" aria-labelledby="mobile-vm-notes">
          <CardContent sx={{ display: 'grid', gap: 0.5 }}>
            <Typography id="mobile-vm-notes" variant="subtitle2" component="h2">
              {t('vms.notes.title')}
            </Typography>
            <Typography sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {data.config.description}
            </Typography>
          </CardContent>
        </Card>
      )}
      {job && <JobProgress jobId={job.id} initial={job} />}
      {abilities.can('console') && !data.template && data.status !== 'stopped' && (
        // The console feature serves /mobile/vms/:id/console; a stopped guest has no screen.
        <Button
          variant="outlined"
          size="large"
          startIcon={<Terminal />}
          component={RouterLink}
          to={`/mobile/vms/${data.id}/console`}
          sx={{ minHeight: 56 }}
        >
          {t('vms.console')}
        </Button>
      )}
      <Slot name="mobile.vm.actions" vmId={data.id} vmName={data.name} />
      {abilities.can('backup') && !data.template && (
        // The backups feature adds "back up now" and the last backup's status here.
        <Slot name="mobile.vm" vmId={data.id} vmName={data.name} />
      )}
      {abilities.can('power') && !data.template ? (
        <Box
          sx={{ display: 'grid', gap: 1, gridTemplateColumns: '1fr 1fr' }}
          role="group"
          aria-label={t('vms.mobile.powerGroup')}
        >
          <VmPowerButtons vm={data} onJob={setJob} size="large" confirmAll primaryOnly />
        </Box>
      ) : (
        <Typography color="text.secondary">{t('vms.mobile.noPower')}</Typography>
      )}
    </Box>
  );
}
