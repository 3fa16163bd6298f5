import Chip, { type ChipProps } from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { useTranslation } from 'react-i18next';
import type { TicketPriority, TicketSlaDto, TicketStatus } from '@multpanel/contracts';
import { formatDateTime } from '@/lib/format-time';

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

/** The SLA state: breached, paused, or the next due time (nothing without a policy). */
export function TicketSlaChip({ sla }: { sla: TicketSlaDto | null }) {
  const { t } = useTranslation();
  if (!sla) return null;
  const breachedAt = sla.firstResponseBreachedAt ?? sla.resolutionBreachedAt;
  if (breachedAt) {
    const target = sla.firstResponseBreachedAt ? 'first_response' : 'resolution';
    return (
      <Tooltip
        title={t('tickets.sla.breachedDetail', {
          target: t(`tickets.sla.target.${target}`),
          at: formatDateTime(breachedAt),
        })}
      >
        <Chip size="small" color="error" label={t('tickets.sla.breached')} />
      </Tooltip>
    );
  }
  if (sla.paused) {
    return (
      <Tooltip title={t('tickets.sla.pausedDetail')}>
        <Chip size="small" variant="outlined" label={t('tickets.sla.paused')} />
      </Tooltip>
    );
  }
  const due = sla.firstResponseDueAt ?? sla.resolutionDueAt;
  if (!due) return null;
  const key = sla.firstResponseDueAt ? 'firstResponseDue' : 'resolutionDue';
  return (
    <Chip
      size="small"
      variant="outlined"
      color="info"
      label={t(`tickets.sla.${key}`, { at: formatDateTime(due) })}
    />
  );
}
