import ArrowBack from '@mui/icons-material/ArrowBack';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketDto } from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { useAuthorization } from '@/lib/authorization';
import { perm } from '@/lib/permission-keys';
import { useAssignees } from '../api/list-assignees';
import { useTicket } from '../api/get-ticket';
import { useUpdateTicket } from '../api/update-ticket';
import { TicketPriorityChip, TicketSlaChip, TicketStatusChip } from './ticket-chips';
import { TicketConversation } from './ticket-conversation';
import { TicketReplyForm } from './ticket-reply-form';
import { TicketWatchers } from './ticket-watchers';

export function TicketShowPage() {
  const { t } = useTranslation();
  const { ticketId = '' } = useParams();
  const ticket = useTicket(ticketId);
  const staff = useAuthorization().has(perm.ticketsManage);
  if (ticket.isLoading) return <LoadingScreen />;
  if (!ticket.data) return <ErrorAlert error={ticket.error} />;
  const data = ticket.data;
  return (
    <>
      <Button component={RouterLink} to="/tickets" startIcon={<ArrowBack />} sx={{ mb: 1 }}>
        {t('tickets.backToList')}
      </Button>
      <PageHeader
        title={data.subject}
        subtitle={
          <Box component="span" sx={{ display: 'inline-flex', gap: 1, flexWrap: 'wrap' }}>
            <TicketStatusChip status={data.status} size="medium" />
            <TicketPriorityChip priority={data.priority} />
            <TicketSlaChip sla={data.sla} />
            <Typography component="span" color="text.secondary">
              {t(`tickets.category.${data.category}`)} · {data.companyName}
            </Typography>
          </Box>
        }
        actions={!staff && <CustomerStatusButtons ticket={data} />}
      />
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr', md: '1fr 300px' },
        }}
      >
        <Box sx={{ display: 'grid', gap: 2, alignContent: 'start' }}>
          <TicketConversation ticket={data} />
          {data.status !== 'closed' || staff ? (
            <Card>
              <CardContent>
                <TicketReplyForm ticketId={data.id} canNote={staff} />
              </CardContent>
            </Card>
          ) : null}
        </Box>
        <Box sx={{ display: 'grid', gap: 2, alignContent: 'start' }}>
          {staff && <StaffPanel ticket={data} />}
          <TicketWatchers ticket={data} />
        </Box>
      </Box>
    </>
  );
}

function CustomerStatusButtons({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const update = useUpdateTicket();
  const done = ticket.status === 'resolved' || ticket.status === 'closed';
  return (
    <Box sx={{ display: 'flex', gap: 1 }}>
      {done ? (
        <Button variant="outlined" onClick={() => update.mutate({ id: ticket.id, status: 'open' })}>
          {t('tickets.reopen')}
        </Button>
      ) : (
        <Button
          variant="outlined"
          onClick={() => update.mutate({ id: ticket.id, status: 'resolved' })}
        >
          {t('tickets.resolve')}
        </Button>
      )}
      <ErrorAlert error={update.error} />
    </Box>
  );
}

/** Staff: status, priority, assignee. */
function StaffPanel({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const update = useUpdateTicket();
  const assignees = useAssignees(true);
  return (
    <Card sx={{ alignSelf: 'start' }}>
      <CardContent sx={{ display: 'grid', gap: 2 }}>
        <TextField
          select
          label={t('tickets.fields.status')}
          value={ticket.status}
          onChange={(e) =>
            update.mutate({ id: ticket.id, status: e.target.value as TicketDto['status'] })
          }
        >
          {TICKET_STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`tickets.status.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={t('tickets.fields.priority')}
          value={ticket.priority}
          onChange={(e) =>
            update.mutate({ id: ticket.id, priority: e.target.value as TicketDto['priority'] })
          }
        >
          {TICKET_PRIORITIES.map((p) => (
            <MenuItem key={p} value={p}>
              {t(`tickets.priority.${p}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          label={t('tickets.fields.assignee')}
          value={ticket.assignee?.id ?? ''}
          onChange={(e) => update.mutate({ id: ticket.id, assigneeId: e.target.value || null })}
        >
          <MenuItem value="">{t('tickets.unassigned')}</MenuItem>
          {(assignees.data ?? []).map((p) => (
            <MenuItem key={p.id} value={p.id}>
              {p.name}
            </MenuItem>
          ))}
          {ticket.assignee && !assignees.data?.some((p) => p.id === ticket.assignee?.id) && (
            <MenuItem value={ticket.assignee.id}>{ticket.assignee.name}</MenuItem>
          )}
        </TextField>
        <Typography variant="body2" color="text.secondary">
          {t('tickets.fields.requester')}: {ticket.requester?.name} ({ticket.requester?.email})
        </Typography>
        <ErrorAlert error={update.error} />
      </CardContent>
    </Card>
  );
}
