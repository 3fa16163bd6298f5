import Add from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { useTickets } from '../api/list-tickets';
import { TicketStatusChip } from '../components/ticket-chips';
import { formatDateTime } from '@/lib/format-time';

/** My tickets on the phone: the ones I opened or can see, newest activity first. */
export function MobileTicketsPage() {
  const { t } = useTranslation();
  const tickets = useTickets({ page: 1, pageSize: 50 });
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center' }}>
        <Typography variant="h5" component="h1" sx={{ flex: 1 }}>
          {t('tickets.mobile.mine')}
        </Typography>
        <Button
          variant="contained"
          startIcon={<Add />}
          component={RouterLink}
          to="/mobile/tickets/new"
        >
          {t('tickets.create')}
        </Button>
      </Box>
      <ErrorAlert error={tickets.error} />
      {tickets.data?.items.length === 0 && (
        <Typography color="text.secondary">{t('tickets.empty')}</Typography>
      )}
      <List disablePadding>
        {(tickets.data?.items ?? []).map((ticket) => (
          <ListItemButton
            key={ticket.id}
            component={RouterLink}
            to={`/mobile/tickets/${ticket.id}`}
            divider
            sx={{ minHeight: 64 }}
          >
            <ListItemText
              primary={ticket.subject}
              secondary={formatDateTime(ticket.lastActivityAt)}
            />
            <TicketStatusChip status={ticket.status} />
          </ListItemButton>
        ))}
      </List>
    </Box>
  );
}
