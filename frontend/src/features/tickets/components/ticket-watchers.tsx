import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { TicketDto } from '@multpanel/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { useSession } from '@/lib/session-store';
import { useWatchTicket } from '../api/watch-ticket';

/** Who watches the ticket, and a button to watch it (or stop) oneself. */
export function TicketWatchers({ ticket }: { ticket: TicketDto }) {
  const { t } = useTranslation();
  const session = useSession();
  const watch = useWatchTicket();
  const me = session.status === 'authenticated' ? session.user.id : null;
  const watching = ticket.watchers.some((w) => w.id === me);
  return (
    <Card sx={{ alignSelf: 'start' }}>
      <CardContent sx={{ display: 'grid', gap: 1 }}>
        <Typography variant="subtitle2">{t('tickets.watchers.title')}</Typography>
        {ticket.watchers.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {t('tickets.watchers.none')}
          </Typography>
        ) : (
          <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
            {ticket.watchers.map((w) => (
              <Chip key={w.id} size="small" label={w.name} title={w.email} />
            ))}
          </Box>
        )}
        {me && (
          <Button
            variant="outlined"
            size="small"
            disabled={watch.isPending}
            onClick={() => watch.mutate({ ticketId: ticket.id, userId: me, watch: !watching })}
            sx={{ justifySelf: 'start' }}
          >
            {watching ? t('tickets.watchers.unwatch') : t('tickets.watchers.watch')}
          </Button>
        )}
        <Typography variant="caption" color="text.secondary">
          {t('tickets.watchers.help')}
        </Typography>
        <ErrorAlert error={watch.error} />
      </CardContent>
    </Card>
  );
}
