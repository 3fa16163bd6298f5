import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  Permission,
  TICKET_ATTACHMENT_TYPES,
  type TicketAttachmentDto,
  type TicketDto,
  type TicketMessageDto,
  type TicketPage,
  type TicketPerson,
} from '@multpanel/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated } from '../../common/auth/auth.decorators';
import {
  TicketAttachmentUploadQueryDto,
  TicketCreateDto,
  TicketListQueryDto,
  TicketMessageCreateDto,
  TicketUpdateDto,
} from './tickets.dto';
import { TicketsService } from './tickets.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('tickets')
@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  @Authenticated({ permission: Permission.TicketRead })
  @ApiOperation({ summary: 'Tickets the caller may see (paged, newest activity first)' })
  list(@CurrentActor() actor: Actor, @Query() q: TicketListQueryDto): Promise<TicketPage> {
    return this.tickets.list(actor, q);
  }

  @Get('assignees')
  @Authenticated({ permission: Permission.TicketManage })
  @ApiOperation({ summary: 'MSP staff tickets of the caller’s companies may be assigned to' })
  assignees(@CurrentActor() actor: Actor): Promise<TicketPerson[]> {
    return this.tickets.assignees(actor);
  }

  @Post()
  @Authenticated({ permission: Permission.TicketCreate })
  @ApiOperation({ summary: 'Open a ticket, optionally about a guest or a job' })
  create(@CurrentActor() actor: Actor, @Body() body: TicketCreateDto): Promise<TicketDto> {
    return this.tickets.create(actor, body);
  }

  @Get(':id')
  @Authenticated({ permission: Permission.TicketRead })
  @ApiOperation({ summary: 'A ticket with its conversation (internal notes: staff only)' })
  get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string): Promise<TicketDto> {
    return this.tickets.get(actor, id);
  }

  @Patch(':id')
  @Authenticated({ permission: Permission.TicketRead })
  @ApiOperation({
    summary: 'Change status (customers: resolve, close, reopen), priority, category or assignee',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Body() body: TicketUpdateDto,
  ): Promise<TicketDto> {
    return this.tickets.update(actor, id, body);
  }

  @Post(':id/messages')
  @Authenticated({ permission: Permission.TicketRead })
  @ApiOperation({ summary: 'Reply, or (staff) add an internal note' })
  reply(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Body() body: TicketMessageCreateDto,
  ): Promise<TicketMessageDto> {
    return this.tickets.addMessage(actor, id, body);
  }

  @Post(':id/attachments')
  @Authenticated({ permission: Permission.TicketRead })
  @ApiConsumes(...TICKET_ATTACHMENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOperation({
    summary: 'Attach a file (the raw request body, with its Content-Type; at most 10 MB)',
  })
  upload(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Query() q: TicketAttachmentUploadQueryDto,
    @Req() req: FastifyRequest,
  ): Promise<TicketAttachmentDto> {
    return this.tickets.upload(actor, id, q, {
      stream: req.raw,
      contentType: req.headers['content-type'],
      contentLength: req.headers['content-length'],
    });
  }

  @Get(':id/attachments/:attachmentId')
  @Authenticated({ permission: Permission.TicketRead })
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: 'Download an attachment (always as a download, never inline)' })
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Param('attachmentId', uuid) attachmentId: string,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const { attachment, stream } = await this.tickets.download(actor, id, attachmentId);
    const ascii = attachment.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
    await res
      .header('Content-Type', attachment.contentType)
      .header('Content-Length', String(attachment.size))
      .header(
        'Content-Disposition',
        `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      )
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', 'private, no-store')
      .send(stream);
  }
}
