import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { JobProgress } from '@/components/jobs/job-progress';
import { PageHeader } from '@/components/page-header';
import type { Job } from '@/lib/jobs/types';

/** After the submit: the create job's progress, then the way to the new guest (or back). */
export function CreateProgress({
  job,
  vmId,
  name,
}: {
  job: Job;
  vmId: string | null;
  name: string;
}) {
  const { t } = useTranslation();
  const [finished, setFinished] = useState<Job | null>(null);
  return (
    <>
      <PageHeader title={t('vms.create.title')} subtitle={name} />
      <Card>
        <CardContent sx={{ display: 'grid', gap: 2 }}>
          <JobProgress jobId={job.id} initial={job} onDone={setFinished} showLog />
          {finished?.status === 'succeeded' && vmId && (
            <Alert
              severity="success"
              action={
                <Button component={RouterLink} to={`/vms/${vmId}`} color="inherit">
                  {t('vms.create.openGuest')}
                </Button>
              }
            >
              {t('vms.create.done', { name })}
            </Alert>
          )}
          {finished && finished.status !== 'succeeded' && (
            <Button component={RouterLink} to="/vms" sx={{ justifySelf: 'start' }}>
              {t('vms.backToList')}
            </Button>
          )}
        </CardContent>
      </Card>
    </>
  );
}
