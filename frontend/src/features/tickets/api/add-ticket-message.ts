import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TicketAttachmentDto, TicketMessageDto } from '@multpanel/contracts';
import { api } from '@/lib/api-client';
import { ticketKeys } from './ticket-keys';
import { uploadTicketAttachment } from './upload-ticket-attachment';

export interface AddTicketMessageInput {
  ticketId: string;
  body: string;
  internal?: boolean;
  /** Uploaded after the message, attached to it. */
  files?: File[];
}

export async function addTicketMessage(
  input: AddTicketMessageInput,
): Promise<{ message: TicketMessageDto; attachments: TicketAttachmentDto[] }> {
  const message = await api.post<TicketMessageDto>(
    `/tickets/${encodeURIComponent(input.ticketId)}/messages`,
    { body: input.body, internal: input.internal ?? false },
  );
  const attachments: TicketAttachmentDto[] = [];
  for (const file of input.files ?? []) {
    attachments.push(
      await uploadTicketAttachment({ ticketId: input.ticketId, file, messageId: message.id }),
    );
  }
  return { message, attachments };
}

export function useAddTicketMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addTicketMessage,
    onSettled: (_data, _error, input) =>
      queryClient.invalidateQueries({ queryKey: ticketKeys.detail(input.ticketId) }),
  });
}
