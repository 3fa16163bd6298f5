import {
  ticketAttachmentUploadQuerySchema,
  ticketCreateSchema,
  ticketListQuerySchema,
  ticketMessageCreateSchema,
  ticketUpdateSchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class TicketCreateDto extends createZodDto(ticketCreateSchema) {}
export class TicketUpdateDto extends createZodDto(ticketUpdateSchema) {}
export class TicketMessageCreateDto extends createZodDto(ticketMessageCreateSchema) {}
export class TicketListQueryDto extends createZodDto(ticketListQuerySchema) {}
export class TicketAttachmentUploadQueryDto extends createZodDto(
  ticketAttachmentUploadQuerySchema,
) {}
