import Chip, { type ChipProps } from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';
import type { TicketPriority, TicketStatus } from '@multpanel/contracts';

const STATUS_COLOR: Record<TicketStatus, ChipProps['color']> = {
  new: 'info',
  open: 'primary',
  waiting_customer: 'warning',
  waiting_msp: 'secondary',
  resolved: 'success',
  closed: 'default',
};

const PRIORITY_COLOR: Record<TicketPriority, ChipProps['color']> = {
  low: 'default',
  normal: 'primary',
  high: 'warning',
  urgent: 'error',
};

export function TicketStatusChip({
  status,
  size = 'small',
}: {
  status: TicketStatus;
  size?: ChipProps['size'];
}) {
  const { t } = useTranslation();
  return <Chip size={size} color={STATUS_COLOR[status]} label={t(`tickets.status.${status}`)} />;
}

export function TicketPriorityChip({ priority }: { priority: TicketPriority }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      variant="outlined"
      color={PRIORITY_COLOR[priority]}
      label={t(`tickets.priority.${priority}`)}
    />
  );
}
