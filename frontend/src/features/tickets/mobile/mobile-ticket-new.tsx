import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useOpenTicket } from '../components/ticket-create';
import { TicketForm } from '../components/ticket-form';

/**
 * The phone's new ticket; `?guestId=` (from a guest's page, `guestName` only labels it), `?jobId=`,
 * `?alertId=`, `?backupRunId=` link it as on the console. The server checks each link.
 */
export function MobileTicketNewPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const open = useOpenTicket('/mobile/tickets');
  const links = {
    guestId: params.get('guestId') ?? undefined,
    jobId: params.get('jobId') ?? undefined,
    alertId: params.get('alertId') ?? undefined,
    backupRunId: params.get('backupRunId') ?? undefined,
  };
  const guestName = params.get('guestName');
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Typography variant="h5" component="h1">
        {t('tickets.mobile.newTitle')}
      </Typography>
      {links.guestId && (
        <Typography color="text.secondary">
          {t('tickets.fields.guest')}: {guestName ?? links.guestId}
        </Typography>
      )}
      <TicketForm
        compact
        links={links}
        pending={open.pending}
        error={open.error}
        onSubmit={open.submit}
      />
    </Box>
  );
}
