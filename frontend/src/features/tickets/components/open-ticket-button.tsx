import SupportAgentOutlined from '@mui/icons-material/SupportAgentOutlined';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';

/** "Open a ticket" on a guest's page (slot `vm.show.actions`): the ticket is linked to the guest. */
export function OpenTicketForGuestButton({ guestId }: { guestId: string }) {
  const { t } = useTranslation();
  return (
    <Button
      variant="outlined"
      startIcon={<SupportAgentOutlined />}
      component={RouterLink}
      to={`/tickets/new?guestId=${encodeURIComponent(guestId)}`}
    >
      {t('tickets.openAbout')}
    </Button>
  );
}
