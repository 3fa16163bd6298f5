import type { BulkCreateVmResult } from '@multpanel/contracts';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { JobProgress } from '@/components/jobs/job-progress';
import { PageHeader } from '@/components/page-header';
import type { Job } from '@/lib/jobs/types';

type Result = BulkCreateVmResult['results'][number];

/** After a bulk create: one row per guest, its create job's progress or why it was not created. */
export function BulkCreateProgress({ results, name }: { results: Result[]; name: string }) {
  const { t } = useTranslation();
  const [ended, setEnded] = useState<Record<string, Job>>({});
  const onDone = useCallback((job: Job) => setEnded((e) => ({ ...e, [job.id]: job })), []);
  const started = results.filter((r) => r.ok && r.job);
  const refused = results.length - started.length;
  const succeeded = started.filter((r) => ended[r.job!.id]?.status === 'succeeded').length;
  const finished = started.every((r) => ended[r.job!.id]);
  return (
    <>
      <PageHeader
        title={t('vms.create.bulkTitle', { count: results.length })}
        subtitle={t('vms.create.bulkSubtitle', {
          first: `${name}-1`,
          last: `${name}-${results.length}`,
        })}
      />
      <Card>
        <CardContent sx={{ display: 'grid', gap: 2 }}>
          <Typography data-testid="bulk-summary">
            {t('vms.create.bulkSummary', {
              succeeded,
              started: started.length,
              refused,
            })}
          </Typography>
          {results.map((r) => (
            <Stack key={r.name} spacing={1} data-testid="bulk-guest" aria-label={r.name}>
              <Typography variant="subtitle2" component="h3">
                {r.ok && r.vmId && ended[r.job!.id]?.status === 'succeeded' ? (
                  <Link component={RouterLink} to={`/vms/${r.vmId}`}>
                    {r.name}
                  </Link>
                ) : (
                  r.name
                )}
              </Typography>
              {r.ok && r.job ? (
                <JobProgress jobId={r.job.id} initial={r.job} onDone={onDone} />
              ) : (
                <Alert severity="error">{r.error?.message ?? t('errors.generic')}</Alert>
              )}
            </Stack>
          ))}
          {finished && (
            <Button component={RouterLink} to="/vms" sx={{ justifySelf: 'start' }}>
              {t('vms.backToList')}
            </Button>
          )}
        </CardContent>
      </Card>
    </>
  );
}
