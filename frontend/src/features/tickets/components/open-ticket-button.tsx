import SupportAgentOutlined from '@mui/icons-material/SupportAgentOutlined';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router-dom';

/** "Open a ticket" linked to what the page shows (`/tickets/new?<link>=<id>` fills the form in). */
function OpenTicketButton({ link, id }: { link: string; id: string }) {
  const { t } = useTranslation();
  return (
    <Button
      variant="outlined"
      startIcon={<SupportAgentOutlined />}
      component={RouterLink}
      to={`/tickets/new?${link}=${encodeURIComponent(id)}`}
    >
      {t('tickets.openAbout')}
    </Button>
  );
}

/** On a guest's page (slot `vm.show.actions`). */
export function OpenTicketForGuestButton({ guestId }: { guestId: string }) {
  return <OpenTicketButton link="guestId" id={guestId} />;
}

/** On an alert's page (slot `alert.show.actions`): rule, value and history are filled in. */
export function OpenTicketForAlertButton({ alertId }: { alertId: string }) {
  return <OpenTicketButton link="alertId" id={alertId} />;
}

/** In a backup run's dialog (slot `backup.run.actions`): its failed guests' messages are filled in. */
export function OpenTicketForBackupRunButton({ runId }: { runId: string }) {
  return <OpenTicketButton link="backupRunId" id={runId} />;
}

/** On a firewall's page (slot `firewall.show.actions`): its state and failed changes are filled in. */
export function OpenTicketForFirewallButton({ firewallId }: { firewallId: string }) {
  return <OpenTicketButton link="firewallId" id={firewallId} />;
}

/** In a job's detail dialog (slot `job.detail.actions`): the job's last log lines go with the ticket. */
export function OpenTicketForJobButton({ jobId }: { jobId: string }) {
  return <OpenTicketButton link="jobId" id={jobId} />;
}
