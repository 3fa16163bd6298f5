import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const TICKET_LIFETIME = 7200;
const CLOCK_SKEW = 300;

export class TicketSigner {
  private readonly secret: Buffer;

  constructor(secret?: Buffer) {
    this.secret = secret ?? randomBytes(32);
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64');
  }

  /** `PVE:<userid>:<8 hex time>::<base64 signature>` */
  issue(userid: string, now = Date.now()): string {
    const hex = Math.floor(now / 1000)
      .toString(16)
      .toUpperCase()
      .padStart(8, '0');
    const plain = `PVE:${userid}:${hex}`;
    return `${plain}::${this.sign(plain)}`;
  }

  /** Returns the userid when valid and not expired. */
  verify(ticket: string, now = Date.now()): string | undefined {
    const m = /^(PVE:([^:]+):([0-9A-Fa-f]{8}))::(.+)$/.exec(ticket);
    if (!m) return undefined;
    if (!safeEqual(this.sign(m[1]), m[4])) return undefined;
    const age = Math.floor(now / 1000) - parseInt(m[3], 16);
    if (age > TICKET_LIFETIME || age < -CLOCK_SKEW) return undefined;
    return m[2];
  }

  /** `<8 hex>:<base64 hmac>` bound to the user, same lifetime as the ticket. */
  csrf(userid: string, now = Date.now()): string {
    const hex = Math.floor(now / 1000)
      .toString(16)
      .toUpperCase()
      .padStart(8, '0');
    return `${hex}:${createHmac('sha1', this.secret).update(`${hex}:${userid}`).digest('base64').replace(/=+$/, '')}`;
  }

  verifyCsrf(token: string, userid: string, now = Date.now()): boolean {
    const m = /^([0-9A-Fa-f]{8}):(.+)$/.exec(token);
    if (!m) return false;
    const expect = createHmac('sha1', this.secret)
      .update(`${m[1]}:${userid}`)
      .digest('base64')
      .replace(/=+$/, '');
    const age = Math.floor(now / 1000) - parseInt(m[1], 16);
    return safeEqual(expect, m[2]) && age <= TICKET_LIFETIME && age >= -CLOCK_SKEW;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
