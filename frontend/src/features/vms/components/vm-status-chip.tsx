import PauseCircleOutline from '@mui/icons-material/PauseCircleOutline';
import PlayCircleOutline from '@mui/icons-material/PlayCircleOutline';
import StopCircleOutlined from '@mui/icons-material/StopCircleOutlined';
import HelpOutline from '@mui/icons-material/HelpOutline';
import LockOutlined from '@mui/icons-material/LockOutlined';
import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';
import type { VmStatus } from '../api/types';

/** Status as a chip with colour *and* icon + text, so it reads without colour vision too. */
export function VmStatusChip({
  status,
  lock,
  size = 'small',
}: {
  status: VmStatus;
  lock?: string | null;
  size?: 'small' | 'medium';
}) {
  const { t } = useTranslation();
  if (lock) {
    return (
      <Chip
        size={size}
        icon={<LockOutlined />}
        color="warning"
        variant="outlined"
        label={t('vms.lock', { lock })}
        data-status={status}
      />
    );
  }
  const icon =
    status === 'running' ? (
      <PlayCircleOutline />
    ) : status === 'stopped' ? (
      <StopCircleOutlined />
    ) : status === 'paused' || status === 'suspended' ? (
      <PauseCircleOutline />
    ) : (
      <HelpOutline />
    );
  return (
    <Chip
      size={size}
      icon={icon}
      color={status === 'running' ? 'success' : status === 'stopped' ? 'default' : 'warning'}
      variant={status === 'running' ? 'filled' : 'outlined'}
      label={t(`vms.status.${status}`, { defaultValue: status })}
      data-status={status}
    />
  );
}
