import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useOpenTicket } from '../components/ticket-create';
import { TicketForm } from '../components/ticket-form';

export function MobileTicketNewPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const open = useOpenTicket('/mobile/tickets');
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Typography variant="h5" component="h1">
        {t('tickets.mobile.newTitle')}
      </Typography>
      <TicketForm
        compact
        links={{ guestId: params.get('guestId') ?? undefined }}
        pending={open.pending}
        error={open.error}
        onSubmit={open.submit}
      />
    </Box>
  );
}
