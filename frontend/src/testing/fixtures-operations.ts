import type {
  TicketAttachmentDto,
  TicketDto,
  TicketMessageDto,
  TicketPerson,
} from '@multpanel/contracts';
import { ACME_ID } from './fixtures';

// Operations (tickets, alerts, monitoring, backups, DR, branding) as the API answers them, whole:
// contracts' API_RESPONSES parse every canned answer the fake API serves, so a fixture names only
// what its test is about and takes the rest from these.
const AT = '2026-12-07T09:00:00.000Z';

export const ticketPerson = (over: Partial<TicketPerson> = {}): TicketPerson => ({
  id: 'u-user',
  name: 'Una User',
  email: 'user@acme.demo',
  ...over,
});

/** A reply as POST /tickets/:id/messages answers it. */
export const ticketMessage = (over: Partial<TicketMessageDto> = {}): TicketMessageDto => ({
  id: 'm1',
  author: ticketPerson(),
  fromStaff: false,
  body: 'Thanks',
  internal: false,
  mentions: [],
  createdAt: AT,
  ...over,
});

/** An upload as POST /tickets/:id/attachments answers it. */
export const ticketAttachment = (over: Partial<TicketAttachmentDto> = {}): TicketAttachmentDto => ({
  id: 'a1',
  messageId: null,
  fileName: 'shot.png',
  contentType: 'image/png',
  size: 4,
  internal: false,
  uploadedById: 'u-user',
  createdAt: AT,
  ...over,
});

/** A ticket as GET /tickets/:id and POST /tickets answer it (a new one: no replies yet). */
export const ticketDto = (over: Partial<TicketDto> = {}): TicketDto => ({
  id: 't1',
  companyId: ACME_ID,
  companyName: 'Acme Corp',
  subject: 'Web server down',
  category: 'incident',
  priority: 'normal',
  status: 'new',
  requester: ticketPerson(),
  assignee: null,
  guestId: null,
  guestName: null,
  jobId: null,
  lastActivityAt: AT,
  createdAt: AT,
  sla: null,
  description: 'It stopped at 9:00',
  context: null,
  alertId: null,
  backupRunId: null,
  firewallId: null,
  firewallName: null,
  firstResponseAt: null,
  resolvedAt: null,
  messages: [],
  attachments: [],
  watchers: [],
  ...over,
});
