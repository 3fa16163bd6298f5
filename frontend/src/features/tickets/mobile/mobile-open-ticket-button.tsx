import SupportAgentOutlined from '@mui/icons-material/SupportAgentOutlined';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';

/** On the phone's guest page: the new-ticket form, linked to the guest (its name shown there). */
export function MobileOpenTicketButton({ vmId, vmName }: { vmId: string; vmName: string | null }) {
  const { t } = useTranslation();
  const q = new URLSearchParams({ guestId: vmId, ...(vmName ? { guestName: vmName } : {}) });
  return (
    <Button
      variant="outlined"
      size="large"
      startIcon={<SupportAgentOutlined />}
      component={RouterLink}
      to={`/mobile/tickets/new?${q.toString()}`}
      sx={{ minHeight: 56 }}
    >
      {t('tickets.openAbout')}
    </Button>
  );
}
