import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TicketAttachmentDto } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';

export interface UploadTicketAttachmentInput {
  ticketId: string;
  file: File;
  messageId?: string;
}

export const uploadTicketAttachment = ({
  ticketId,
  file,
  messageId,
}: UploadTicketAttachmentInput) =>
  api.upload<TicketAttachmentDto>(`/tickets/${encodeURIComponent(ticketId)}/attachments`, file, {
    query: { fileName: file.name || 'photo.jpg', messageId },
  });

export function useUploadTicketAttachment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadTicketAttachment,
    onSettled: (_data, _error, input) =>
      queryClient.invalidateQueries({ queryKey: ticketKeys.detail(input.ticketId) }),
  });
}
