import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';
import type { JobStatus } from '@/lib/jobs/types';

const COLORS: Record<JobStatus, 'default' | 'info' | 'success' | 'error' | 'warning'> = {
  queued: 'default',
  running: 'info',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'warning',
};

export function JobStatusChip({ status }: { status: JobStatus }) {
  const { t } = useTranslation();
  return (
    <Chip
      label={t(`jobs.status.${status}`, { defaultValue: status })}
      color={COLORS[status] ?? 'default'}
      variant="outlined"
    />
  );
}
