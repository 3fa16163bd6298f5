import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';
import type { ClusterView } from '../api/types';

const COLOR = {
  online: 'success',
  degraded: 'warning',
  offline: 'error',
  unknown: 'default',
} as const;

export function ClusterStatusChip({ status }: { status: ClusterView['health']['status'] }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={COLOR[status]}
      label={t(`clusters.status.${status}`)}
    />
  );
}
