import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { LoadingScreen } from '@/components/loading-screen';
import { PageHeader } from '@/components/page-header';
import { useCreateTicket } from '../api/create-ticket';
import { useTicketPrefill } from '../api/ticket-prefill';
import { uploadTicketAttachment } from '../api/upload-ticket-attachment';
import { TicketForm, type TicketFormSubmit } from './ticket-form';

/**
 * Opens a ticket; `?guestId=`, `?jobId=`, `?alertId=`, `?backupRunId=`, `?firewallId=` link it to
 * what it is about (set by "Open a ticket"); an alert or a backup run fills the form in.
 */
export function useOpenTicket(basePath: string) {
  const navigate = useNavigate();
  const create = useCreateTicket();
  const submit = ({ input, files }: TicketFormSubmit) =>
    create.mutate(input, {
      onSuccess: (ticket) => {
        // Files go up once the ticket exists; the ticket page shows what arrived.
        void Promise.allSettled(
          files.map((file) => uploadTicketAttachment({ ticketId: ticket.id, file })),
        ).then(() => navigate(`${basePath}/${ticket.id}`));
      },
    });
  return { submit, pending: create.isPending, error: create.error };
}

export function TicketCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const open = useOpenTicket('/tickets');
  const links = {
    guestId: params.get('guestId') ?? undefined,
    jobId: params.get('jobId') ?? undefined,
    alertId: params.get('alertId') ?? undefined,
    backupRunId: params.get('backupRunId') ?? undefined,
    firewallId: params.get('firewallId') ?? undefined,
    companyId: params.get('companyId') ?? undefined,
  };
  const { prefill, ready } = useTicketPrefill(links);
  return (
    <>
      <PageHeader title={t('tickets.create')} />
      {!ready ? (
        <LoadingScreen />
      ) : (
        <TicketForm
          links={links}
          prefill={prefill}
          pending={open.pending}
          error={open.error}
          onSubmit={open.submit}
          onCancel={() => void navigate('/tickets')}
        />
      )}
    </>
  );
}
