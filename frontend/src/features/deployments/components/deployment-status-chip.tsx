import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';
import type { DeploymentStatus } from '@multpanel/contracts';

const COLOR: Record<DeploymentStatus, 'default' | 'info' | 'success' | 'error' | 'warning'> = {
  PENDING: 'default',
  PROVISIONING: 'info',
  DEPLOYING: 'info',
  RUNNING: 'success',
  FAILED: 'error',
  CANCELLED: 'warning',
  DELETING: 'default',
};

export function DeploymentStatusChip({ status }: { status: DeploymentStatus }) {
  const { t } = useTranslation();
  return <Chip size="small" color={COLOR[status]} label={t(`deployments.status.${status}`)} />;
}
