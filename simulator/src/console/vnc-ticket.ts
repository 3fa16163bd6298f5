import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { ConsoleGuest } from './console.types';

export type TicketKind = 'vnc' | 'term';

export interface TicketRecord {
  /** The ticket without the password prefix. */
  ticket: string;
  kind: TicketKind;
  guestKey: string;
  node: string;
  user: string;
  port: number;
  /** Password the RFB client must answer VNC auth with (generated one, else the ticket). */
  vncPassword: string;
  issuedAt: number;
  nonce: string;
  used: boolean;
  /** Set once an expired, unused ticket's port went back to the pool. */
  released?: boolean;
}

/** Proxmox accepts a VNC ticket from 20 s before to 40 s after its timestamp. */
export const TICKET_MIN_AGE_S = -20;
export const TICKET_MAX_AGE_S = 40;
/** Expired records are kept a while so a late client hears "expired" rather than "invalid". */
const RECORD_KEEP_S = 300;

export class TicketError extends Error {}

export function guestKey(guest: ConsoleGuest): string {
  return `${guest.kind}:${guest.node}:${guest.vmid ?? ''}`;
}

export function authPath(guest: ConsoleGuest): string {
  return guest.kind === 'node' ? `/nodes/${guest.node}` : `/vms/${guest.vmid}`;
}

/** 8 printable ASCII characters, like PVE's generated VNC passwords. */
export function generateVncPassword(): string {
  let out = '';
  for (let i = 0; i < 8; i++) out += String.fromCharCode(33 + randomInt(94));
  return out;
}

/** Strips the optional `<password>:` prefix Proxmox puts in front of a generated-password ticket. */
export function stripPasswordPrefix(raw: string): string {
  if (raw.startsWith('PVEVNC:')) return raw;
  if (raw.length > 9 && raw[8] === ':' && raw.startsWith('PVEVNC:', 9)) return raw.slice(9);
  return raw;
}

/**
 * Issues and checks one-time `PVEVNC:<hex time>::<sig>` tickets. Records live in memory (the ticket
 * is bound to the proxy port of this process, exactly like a real vncproxy).
 */
export class TicketStore {
  private readonly secret = randomBytes(32);
  private readonly records = new Map<string, TicketRecord>();

  constructor(private readonly now: () => number) {}

  issue(
    kind: TicketKind,
    guest: ConsoleGuest,
    user: string,
    port: number,
    password?: string,
  ): TicketRecord {
    const issuedAt = Math.floor(this.now() / 1000);
    const nonce = randomBytes(12).toString('hex');
    const base = `PVEVNC:${issuedAt.toString(16).toUpperCase().padStart(8, '0')}`;
    const sig = this.sign(base, guest, user, port, nonce);
    const ticket = `${base}::${sig}`;
    const record: TicketRecord = {
      ticket,
      kind,
      guestKey: guestKey(guest),
      node: guest.node,
      user,
      port,
      vncPassword: password ?? ticket,
      issuedAt,
      nonce,
      used: false,
    };
    this.records.set(ticket, record);
    return record;
  }

  /** Validates and consumes a ticket; throws TicketError with a Proxmox-like reason otherwise. */
  consume(raw: string, guest: ConsoleGuest, user: string, port: number): TicketRecord {
    const ticket = stripPasswordPrefix(raw);
    const match = /^PVEVNC:([0-9A-F]{8})::(.+)$/.exec(ticket);
    const record = this.records.get(ticket);
    if (!match || !record) throw new TicketError('invalid vncticket');
    const expected = Buffer.from(this.sign(`PVEVNC:${match[1]}`, guest, user, port, record.nonce));
    const given = Buffer.from(match[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new TicketError('invalid vncticket');
    }
    const age = Math.floor(this.now() / 1000) - parseInt(match[1], 16);
    if (age < TICKET_MIN_AGE_S || age > TICKET_MAX_AGE_S)
      throw new TicketError('vncticket expired');
    if (record.used) throw new TicketError('vncticket already used');
    record.used = true;
    return record;
  }

  /** Returns newly expired unused tickets (so their ports can be released); forgets old ones. */
  prune(): TicketRecord[] {
    const nowS = Math.floor(this.now() / 1000);
    const expiredUnused: TicketRecord[] = [];
    for (const [key, record] of this.records) {
      const age = nowS - record.issuedAt;
      if (age > TICKET_MAX_AGE_S && !record.used && !record.released) {
        record.released = true;
        expiredUnused.push(record);
      }
      if (age > RECORD_KEEP_S) this.records.delete(key);
    }
    return expiredUnused;
  }

  private sign(base: string, guest: ConsoleGuest, user: string, port: number, nonce: string) {
    return createHmac('sha256', this.secret)
      .update(`${base}:${user}:${authPath(guest)}:${guestKey(guest)}:${port}:${nonce}`)
      .digest('base64');
  }
}
