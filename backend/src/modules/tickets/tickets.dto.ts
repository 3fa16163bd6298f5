import {
  ticketAttachmentUploadQuerySchema,
  ticketCreateSchema,
  ticketListQuerySchema,
  ticketMentionableQuerySchema,
  ticketMessageCreateSchema,
  ticketSlaPolicyListQuerySchema,
  ticketSlaPolicySchema,
  ticketSlaReportQuerySchema,
  ticketUpdateSchema,
  ticketWatcherAddSchema,
} from '@multpanel/contracts';
import { createZodDto } from 'nestjs-zod';

export class TicketCreateDto extends createZodDto(ticketCreateSchema) {}
export class TicketUpdateDto extends createZodDto(ticketUpdateSchema) {}
export class TicketMessageCreateDto extends createZodDto(ticketMessageCreateSchema) {}
export class TicketListQueryDto extends createZodDto(ticketListQuerySchema) {}
export class TicketMentionableQueryDto extends createZodDto(ticketMentionableQuerySchema) {}
export class TicketAttachmentUploadQueryDto extends createZodDto(
  ticketAttachmentUploadQuerySchema,
) {}
export class TicketWatcherAddDto extends createZodDto(ticketWatcherAddSchema) {}
export class TicketSlaPolicyDto extends createZodDto(ticketSlaPolicySchema) {}
export class TicketSlaPolicyListQueryDto extends createZodDto(ticketSlaPolicyListQuerySchema) {}
export class TicketSlaReportQueryDto extends createZodDto(ticketSlaReportQuerySchema) {}
