import ArrowBack from '@mui/icons-material/ArrowBack';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { LoadingScreen } from '@/components/loading-screen';
import { useTicket } from '../api/get-ticket';
import { TicketStatusChip } from '../components/ticket-chips';
import { TicketConversation } from '../components/ticket-conversation';
import { TicketReplyForm } from '../components/ticket-reply-form';

export function MobileTicketPage() {
  const { t } = useTranslation();
  const { ticketId = '' } = useParams();
  const ticket = useTicket(ticketId);
  if (ticket.isLoading) return <LoadingScreen />;
  if (!ticket.data) return <ErrorAlert error={ticket.error} />;
  const data = ticket.data;
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Box>
        <Button component={RouterLink} to="/mobile/tickets" startIcon={<ArrowBack />}>
          {t('tickets.mobile.mine')}
        </Button>
      </Box>
      <Typography variant="h5" component="h1">
        {data.subject}
      </Typography>
      <Box>
        <TicketStatusChip status={data.status} />
      </Box>
      <TicketConversation ticket={data} />
      {data.status !== 'closed' && <TicketReplyForm ticketId={data.id} canNote={false} camera />}
    </Box>
  );
}
