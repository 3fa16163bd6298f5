import { createHmac } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { isUrlSecretChannel, type AlertDto, type AlertWebhookBody } from '@multpanel/contracts';
import { createTransport, type Transporter } from 'nodemailer';
import { SecretsCipher } from '../../common/crypto/secrets-cipher';
import { AppConfig } from '../../config/app-config';
import { BrandingService, type MailContext } from '../branding/branding.service';
import { DELIVERY_ATTEMPTS } from './alerts-engine.service';
import { toAlertDto } from './alerts.mapper';
import {
  chatNoticeRequest,
  chatRequest,
  retryableStatus,
  type ChannelNotice,
  type ChatTarget,
} from './channel-payloads';
import { AlertsRepository, type DeliveryRow } from './alerts.repository';

export const CHANNEL_SECRET_CONTEXT = 'notification-channel.secret';
/** Slack, Teams and ntfy: the encrypted `{ url, token? }` (the URL is the credential). */
export const CHANNEL_URL_CONTEXT = 'notification-channel.url';

/** A peer's answer that retrying cannot fix (a 4xx other than 408/429). */
class PermanentDeliveryError extends Error {}
export const SIGNATURE_HEADER = 'X-Multpanel-Signature';

/** `sha256=<hex>` of the exact body bytes, keyed with the channel's secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function subjectOf(event: string, a: AlertDto | null): string {
  if (!a) return '[Multpanel] Test notification';
  const what = event === 'resolved' ? 'RESOLVED' : 'FIRING';
  return `[${a.severity}] ${what}: ${a.ruleName} on ${a.targetLabel}`;
}

function textOf(event: string, a: AlertDto | null, publicUrl: string): string {
  if (!a) return 'This is a test notification from Multpanel. The channel works.\n';
  const value = a.value === null ? '' : ` (value ${a.value}, threshold ${a.threshold})`;
  return (
    `${subjectOf(event, a)}\n\n` +
    `Rule: ${a.ruleName} (${a.metric})${value}\nTarget: ${a.targetLabel}\n` +
    `Since: ${a.since}\n${a.resolvedAt ? `Resolved: ${a.resolvedAt}\n` : ''}` +
    `\n${publicUrl}/monitoring/alerts/${a.id}\n`
  );
}

/**
 * A notice's link points at PUBLIC_URL (it is queued once for every channel); a company's channel
 * gets it on the company's portal host instead.
 */
export function rebase(n: ChannelNotice, publicUrl: string, mc: MailContext): ChannelNotice {
  const from = publicUrl.replace(/\/+$/, '');
  if (mc.baseUrl === from || !n.link.startsWith(`${from}/`)) return n;
  return { ...n, link: mc.baseUrl + n.link.slice(from.length) };
}

/**
 * Worker: sends one delivery (e-mail through SMTP_URL, a JSON POST signed with HMAC-SHA256, or a
 * Slack/Teams/ntfy message) and records the outcome. Each delivery is its own job, so a failing
 * channel never holds up another. A network error, 5xx, 408 or 429 is retried by the queue with
 * backoff; after the last attempt, or at once for any other 4xx, the delivery is marked failed.
 */
@Injectable()
export class AlertNotifierService {
  private readonly logger = new Logger('AlertNotifier');
  private transport?: Transporter;

  constructor(
    private readonly repo: AlertsRepository,
    private readonly config: AppConfig,
    private readonly cipher: SecretsCipher,
    private readonly branding: BrandingService,
  ) {
    if (config.env.SMTP_URL) this.transport = createTransport(config.env.SMTP_URL);
  }

  async deliver(deliveryId: string): Promise<{ status: string }> {
    const d = await this.repo.delivery(deliveryId);
    if (!d || d.status !== 'pending') return { status: d?.status ?? 'gone' };
    try {
      await this.send(d);
      await this.repo.updateDelivery(d.id, {
        status: 'sent',
        attempts: { increment: 1 },
        sentAt: new Date(),
        error: null,
      });
      return { status: 'sent' };
    } catch (err) {
      const message = (err as Error).message.slice(0, 1000);
      const last = d.attempts + 1 >= DELIVERY_ATTEMPTS || err instanceof PermanentDeliveryError;
      await this.repo.updateDelivery(d.id, {
        status: last ? 'failed' : 'pending',
        attempts: { increment: 1 },
        error: message,
      });
      this.logger.warn(`delivery ${d.id} to ${d.channel.name} failed: ${message}`);
      if (last) return { status: 'failed' };
      throw err;
    }
  }

  private async send(d: DeliveryRow): Promise<void> {
    // A company's channel: links to the company's portal host, mail from its sender (branding).
    const mc = await this.branding.mailContext(d.channel.companyId, 'alerts');
    if (d.payload) {
      return this.sendNotice(
        d,
        rebase(d.payload as unknown as ChannelNotice, this.config.publicUrl, mc),
        mc,
      );
    }
    const alert = d.alert ? toAlertDto(d.alert) : null;
    const cfg = (d.channel.config ?? {}) as { to?: string[]; url?: string };
    if (d.channel.type === 'email') {
      if (!this.transport) throw new Error('SMTP_URL is not set: e-mail cannot be sent');
      await this.transport.sendMail({
        from: mc.from,
        to: cfg.to ?? [],
        subject: subjectOf(d.event, alert),
        text: textOf(d.event, alert, mc.baseUrl),
      });
      return;
    }
    if (isUrlSecretChannel(d.channel.type)) {
      const target = JSON.parse(
        this.cipher.decrypt(d.channel.secret ?? '', CHANNEL_URL_CONTEXT),
      ) as ChatTarget;
      const req = chatRequest(
        d.channel.type,
        target,
        d.event,
        alert,
        subjectOf(d.event, alert),
        mc.baseUrl,
      );
      await this.post(d.channel.type, req.url, JSON.stringify(req.body), req.headers);
      return;
    }
    const body: AlertWebhookBody = {
      event: d.event as AlertWebhookBody['event'],
      alert,
      sentAt: new Date().toISOString(),
    };
    const json = JSON.stringify(body);
    const headers: Record<string, string> = { 'x-multpanel-event': d.event };
    if (d.channel.secret) {
      headers[SIGNATURE_HEADER.toLowerCase()] = signBody(
        this.cipher.decrypt(d.channel.secret, CHANNEL_SECRET_CONTEXT),
        json,
      );
    }
    await this.post('webhook', cfg.url ?? '', json, headers);
  }

  /** A notification that is not about an alert (an SLA breach): same channels, its own text. */
  private async sendNotice(d: DeliveryRow, n: ChannelNotice, mc: MailContext): Promise<void> {
    const cfg = (d.channel.config ?? {}) as { to?: string[]; url?: string };
    if (d.channel.type === 'email') {
      if (!this.transport) throw new Error('SMTP_URL is not set: e-mail cannot be sent');
      await this.transport.sendMail({
        from: mc.from,
        to: cfg.to ?? [],
        subject: `[critical] ${n.title}`,
        text: `${n.text}\n\n${n.facts.map((f) => `${f.title}: ${f.value}`).join('\n')}\n\n${n.link}\n`,
      });
      return;
    }
    if (isUrlSecretChannel(d.channel.type)) {
      const target = JSON.parse(
        this.cipher.decrypt(d.channel.secret ?? '', CHANNEL_URL_CONTEXT),
      ) as ChatTarget;
      const req = chatNoticeRequest(d.channel.type, target, n);
      await this.post(d.channel.type, req.url, JSON.stringify(req.body), req.headers);
      return;
    }
    const json = JSON.stringify({
      event: d.event,
      alert: null,
      ...n.webhook,
      sentAt: new Date().toISOString(),
    });
    const headers: Record<string, string> = { 'x-multpanel-event': d.event };
    if (d.channel.secret) {
      headers[SIGNATURE_HEADER.toLowerCase()] = signBody(
        this.cipher.decrypt(d.channel.secret, CHANNEL_SECRET_CONTEXT),
        json,
      );
    }
    await this.post('webhook', cfg.url ?? '', json, headers);
  }

  /** One JSON POST; a non-2xx answer throws (permanently for a 4xx other than 408/429). */
  private async post(
    kind: string,
    url: string,
    json: string,
    headers: Record<string, string>,
  ): Promise<void> {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Multpanel-Alerts',
        ...headers,
      },
      body: json,
      signal: AbortSignal.timeout(10_000),
      redirect: 'manual',
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status >= 300) {
      const message = `${kind} answered HTTP ${res.status}`;
      throw retryableStatus(res.status) ? new Error(message) : new PermanentDeliveryError(message);
    }
  }
}
