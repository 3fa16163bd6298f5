import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
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
  type TicketMentionable,
  type TicketMessageDto,
  type TicketPage,
  type TicketPerson,
  type TicketSlaPolicyDto,
  type TicketSlaPolicyListItem,
  type TicketSlaReport,
} from '@multpanel/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, type Actor } from '../../common/auth/actor';
import { Authenticated, Public } from '../../common/auth/auth.decorators';
import { TicketInboundMailService, type InboundOutcome } from './ticket-inbound-mail.service';
import { TicketSlaService } from './ticket-sla.service';
import { TicketWatchersService } from './ticket-watchers.service';
import {
  TicketAttachmentUploadQueryDto,
  TicketCreateDto,
  TicketListQueryDto,
  TicketMentionableQueryDto,
  TicketMessageCreateDto,
  TicketSlaPolicyDto as TicketSlaPolicyBody,
  TicketSlaPolicyListQueryDto,
  TicketSlaReportQueryDto,
  TicketUpdateDto,
  TicketWatcherAddDto,
} from './tickets.dto';
import { TicketsService } from './tickets.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('tickets')
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly sla: TicketSlaService,
    private readonly watchers: TicketWatchersService,
    private readonly inbound: TicketInboundMailService,
  ) {}

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

  @Get('sla-policies')
  @Authenticated({ permission: Permission.TicketManage })
  @ApiOperation({
    summary: 'SLA policies set: the MSP’s default and those of the caller’s companies (staff)',
  })
  slaPolicies(
    @CurrentActor() actor: Actor,
    @Query() q: TicketSlaPolicyListQueryDto,
  ): Promise<TicketSlaPolicyListItem[]> {
    return this.sla.list(actor, q);
  }

  @Get('sla-policy')
  @Authenticated({ permission: Permission.TicketManage })
  @ApiOperation({ summary: 'The MSP’s default SLA policy (null: none)' })
  defaultSla(@CurrentActor() actor: Actor): Promise<TicketSlaPolicyDto | null> {
    return this.sla.get(actor, null);
  }

  @Put('sla-policy')
  @Authenticated({ permission: Permission.TicketManage })
  @ApiOperation({
    summary: 'Set the default SLA policy for companies without their own (operators)',
  })
  saveDefaultSla(
    @CurrentActor() actor: Actor,
    @Body() body: TicketSlaPolicyBody,
  ): Promise<TicketSlaPolicyDto> {
    return this.sla.save(actor, null, body);
  }

  @Delete('sla-policy')
  @HttpCode(204)
  @Authenticated({ permission: Permission.TicketManage })
  @ApiOperation({ summary: 'Remove the default SLA policy (operators)' })
  removeDefaultSla(@CurrentActor() actor: Actor): Promise<void> {
    return this.sla.remove(actor, null);
  }

  @Get('sla-report')
  @Authenticated({ permission: Permission.TicketRead })
  @ApiOperation({
    summary:
      'SLA figures per company of the tickets opened in a month (staff; a company admin: own company)',
  })
  slaReport(
    @CurrentActor() actor: Actor,
    @Query() q: TicketSlaReportQueryDto,
  ): Promise<TicketSlaReport> {
    return this.sla.report(actor, q);
  }

  @Post('inbound-mail')
  @Public()
  @HttpCode(200)
  @ApiConsumes('message/rfc822')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOperation({
    summary:
      'The mail relay posts a received reply (raw RFC 822, header X-Relay-Secret: INBOUND_MAIL_SECRET)',
  })
  inboundMail(
    @Headers('x-relay-secret') secret: string | undefined,
    @Req() req: FastifyRequest,
  ): Promise<InboundOutcome> {
    return this.inbound.receive(secret, {
      stream: req.raw,
      contentType: req.headers['content-type'],
      ip: req.ip,
    });
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

  @Get(':id/mentionable')
  @Authenticated({ permission: Permission.TicketRead })
  @ApiOperation({
    summary:
      'Who the caller may @mention on the ticket (staff: the company’s MSP staff; customers: the assignee)',
  })
  mentionable(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Query() q: TicketMentionableQueryDto,
  ): Promise<TicketMentionable[]> {
    return this.tickets.mentionable(actor, id, q);
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

  @Post(':id/watchers')
  @Authenticated({ permission: Permission.TicketRead })
  @ApiOperation({
    summary:
      'Add a watcher: yourself, or (whole-company callers) a user of the company or its staff',
  })
  addWatcher(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Body() body: TicketWatcherAddDto,
  ): Promise<TicketPerson[]> {
    return this.watchers.add(actor, id, body.userId);
  }

  @Delete(':id/watchers/:userId')
  @HttpCode(204)
  @Authenticated({ permission: Permission.TicketRead })
  @ApiOperation({ summary: 'Remove a watcher (yourself, or anyone for whole-company callers)' })
  removeWatcher(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Param('userId', uuid) userId: string,
  ): Promise<void> {
    return this.watchers.remove(actor, id, userId);
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

/** A company's own SLA policy (GET falls back to the MSP's default, with `own: false`). */
@ApiTags('tickets')
@Controller('companies/:id/ticket-sla')
export class CompanyTicketSlaController {
  constructor(private readonly sla: TicketSlaService) {}

  @Get()
  @Authenticated({ permission: Permission.TicketRead })
  @ApiOperation({ summary: 'The SLA policy a company’s tickets run under (null: none)' })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
  ): Promise<TicketSlaPolicyDto | null> {
    return this.sla.get(actor, id);
  }

  @Put()
  @Authenticated({ permission: Permission.TicketManage })
  @ApiOperation({ summary: 'Set a company’s SLA targets, business hours and holidays' })
  save(
    @CurrentActor() actor: Actor,
    @Param('id', uuid) id: string,
    @Body() body: TicketSlaPolicyBody,
  ): Promise<TicketSlaPolicyDto> {
    return this.sla.save(actor, id, body);
  }

  @Delete()
  @HttpCode(204)
  @Authenticated({ permission: Permission.TicketManage })
  @ApiOperation({ summary: 'Remove a company’s own SLA policy (it falls back to the default)' })
  remove(@CurrentActor() actor: Actor, @Param('id', uuid) id: string): Promise<void> {
    return this.sla.remove(actor, id);
  }
}
