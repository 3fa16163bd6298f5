import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';
import type { BackupResultStatus, BackupRunStatus } from '@multpanel/contracts';

const COLOR = {
  queued: 'default',
  running: 'info',
  succeeded: 'success',
  partial: 'warning',
  failed: 'error',
  missed: 'warning',
} as const;

export function BackupStatusChip({ status }: { status: BackupRunStatus | BackupResultStatus }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={COLOR[status]}
      label={t(`backups.status.${status}`)}
    />
  );
}
