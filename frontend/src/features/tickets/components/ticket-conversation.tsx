import AttachFile from '@mui/icons-material/AttachFile';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { TicketAttachmentDto, TicketDto } from '@multpanel/contracts';
import { downloadTicketAttachment } from '../api/download-ticket-attachment';
import { formatDateTime } from '@/lib/format-time';

export function AttachmentLinks({
  ticketId,
  attachments,
}: {
  ticketId: string;
  attachments: TicketAttachmentDto[];
}) {
  if (attachments.length === 0) return null;
  return (
    <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', mt: 1 }}>
      {attachments.map((a) => (
        <Chip
          key={a.id}
          size="small"
          icon={<AttachFile />}
          label={`${a.fileName} (${Math.max(1, Math.round(a.size / 1024))} KB)`}
          onClick={() => void downloadTicketAttachment(ticketId, a)}
          variant="outlined"
        />
      ))}
    </Box>
  );
}

/** What was filled in from the ticket's links, each a block of lines. */
const CONTEXT_BLOCKS = [
  { key: 'jobLog', label: 'tickets.jobLog' },
  { key: 'alert', label: 'tickets.alertContext' },
  { key: 'backupFailures', label: 'tickets.backupFailures' },
  { key: 'firewall', label: 'tickets.firewallContext' },
] as const;

/** The description, then every message the caller may see (internal notes marked), oldest first. */
export function TicketConversation({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const onTicket = ticket.attachments.filter((a) => !a.messageId);
  return (
    <Box
      sx={{ display: 'grid', gap: 1.5 }}
      component="section"
      aria-label={t('tickets.conversation')}
    >
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Typography variant="subtitle2">
          {ticket.requester?.name} · {formatDateTime(ticket.createdAt)}
        </Typography>
        <Typography sx={{ whiteSpace: 'pre-wrap', mt: 1 }}>{ticket.description}</Typography>
        <AttachmentLinks ticketId={ticket.id} attachments={onTicket} />
      </Paper>
      {CONTEXT_BLOCKS.map(({ key, label }) => {
        const lines = ticket.context?.[key];
        return lines && lines.length > 0 ? (
          <Paper key={key} variant="outlined" sx={{ p: 2 }}>
            <Typography variant="subtitle2">{t(label)}</Typography>
            <Box component="pre" sx={{ m: 0, mt: 1, fontSize: 12, overflowX: 'auto' }}>
              {lines.join('\n')}
            </Box>
          </Paper>
        ) : null;
      })}
      {ticket.messages.map((m) => (
        <Paper
          key={m.id}
          variant="outlined"
          sx={{
            p: 2,
            ml: m.fromStaff ? 0 : { sm: 4 },
            mr: m.fromStaff ? { sm: 4 } : 0,
            borderStyle: m.internal ? 'dashed' : 'solid',
            bgcolor: m.internal ? 'action.hover' : undefined,
          }}
          data-testid="ticket-message"
        >
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="subtitle2">{m.author?.name ?? '—'}</Typography>
            {m.fromStaff && <Chip size="small" color="primary" label={t('tickets.staffBadge')} />}
            {m.internal && <Chip size="small" color="warning" label={t('tickets.internalBadge')} />}
            <Typography variant="caption" color="text.secondary">
              {formatDateTime(m.createdAt)}
            </Typography>
          </Box>
          <Typography sx={{ whiteSpace: 'pre-wrap', mt: 1 }}>{m.body}</Typography>
          {m.mentions.length > 0 && (
            <Typography variant="caption" color="text.secondary">
              {t('tickets.mentioned', { names: m.mentions.map((p) => p.name).join(', ') })}
            </Typography>
          )}
          <AttachmentLinks
            ticketId={ticket.id}
            attachments={ticket.attachments.filter((a) => a.messageId === m.id)}
          />
        </Paper>
      ))}
      {ticket.guestId && (
        <Typography variant="body2" color="text.secondary">
          {t('tickets.fields.guest')}:{' '}
          <Link href={`/vms/${ticket.guestId}`}>{ticket.guestName ?? ticket.guestId}</Link>
        </Typography>
      )}
      {ticket.alertId && (
        <Typography variant="body2" color="text.secondary">
          {t('tickets.fields.alert')}:{' '}
          <Link href={`/monitoring/alerts/${ticket.alertId}`}>{t('tickets.openLinked')}</Link>
        </Typography>
      )}
      {ticket.backupRunId && (
        <Typography variant="body2" color="text.secondary">
          {t('tickets.fields.backupRun')}:{' '}
          <Link href={`/backups?tab=history&run=${ticket.backupRunId}`}>
            {t('tickets.openLinked')}
          </Link>
        </Typography>
      )}
      {ticket.firewallId && (
        <Typography variant="body2" color="text.secondary">
          {t('tickets.fields.firewall')}:{' '}
          <Link href={`/firewalls/${ticket.firewallId}`}>
            {ticket.firewallName ?? ticket.firewallId}
          </Link>
        </Typography>
      )}
    </Box>
  );
}
