import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader } from '@/components/page-header';
import { useCreateTicket } from '../api/create-ticket';
import { uploadTicketAttachment } from '../api/upload-ticket-attachment';
import { TicketForm, type TicketFormSubmit } from './ticket-form';

/** Opens a ticket; `?guestId=` / `?jobId=` link it to what it is about (set by "Open a ticket"). */
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
    companyId: params.get('companyId') ?? undefined,
  };
  return (
    <>
      <PageHeader title={t('tickets.create')} />
      <TicketForm
        links={links}
        pending={open.pending}
        error={open.error}
        onSubmit={open.submit}
        onCancel={() => void navigate('/tickets')}
      />
    </>
  );
}
