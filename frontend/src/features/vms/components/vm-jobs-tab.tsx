import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Divider from '@mui/material/Divider';
import Typography from '@mui/material/Typography';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '@/components/error-alert';
import { useJobs } from '@/lib/jobs/list-jobs';
import { JobProgress } from '@/components/jobs/job-progress';
import { formatDateTime } from '@/lib/format-time';

/** The last jobs that touched this guest, each with its progress and log. */
export function VmJobsTab({ vmId }: { vmId: string }) {
  const { t } = useTranslation();
  const jobs = useJobs({ page: 1, pageSize: 20, guestId: vmId });
  const items = jobs.data?.items ?? [];
  return (
    <Card>
      <CardContent sx={{ display: 'grid', gap: 2 }}>
        <ErrorAlert error={jobs.error} />
        {items.length === 0 && !jobs.isLoading && (
          <Typography color="text.secondary">{t('vms.jobsEmpty')}</Typography>
        )}
        {items.map((job, i) => (
          <Fragment key={job.id}>
            {i > 0 && <Divider />}
            <Box>
              <Typography variant="body2" color="text.secondary">
                {formatDateTime(job.createdAt, '')}
              </Typography>
              <JobProgress jobId={job.id} initial={job} showLog />
            </Box>
          </Fragment>
        ))}
      </CardContent>
    </Card>
  );
}
