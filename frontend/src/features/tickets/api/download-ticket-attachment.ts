import type { TicketAttachmentDto } from '@multpanel/contracts';
import { apiDownload } from '@/lib/api-client';

/** Fetches the file with the bearer token and hands it to the browser as a download. */
export async function downloadTicketAttachment(
  ticketId: string,
  attachment: TicketAttachmentDto,
): Promise<void> {
  const blob = await apiDownload(
    `/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(attachment.id)}`,
  );
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = attachment.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
