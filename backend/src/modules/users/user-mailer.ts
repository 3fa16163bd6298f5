import { Injectable, Logger } from '@nestjs/common';
import type { UserView } from '@multpanel/contracts';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/app-config';
import { BrandingService, type MailContext } from '../branding/branding.service';

type Recipient = Pick<UserView, 'email' | 'name' | 'companyId'>;

// Sends account mails (invites, password resets) through SMTP_URL; without it, mails are skipped
// with a warning (the token itself is never logged). A company's users get links on its mapped
// host and mails from its sender (BrandingService.mailContext); staff get PUBLIC_URL.
@Injectable()
export class UserMailer {
  private readonly logger = new Logger('Mail');
  private transport?: Transporter;

  constructor(
    config: AppConfig,
    private readonly branding: BrandingService,
  ) {
    if (config.env.SMTP_URL) this.transport = createTransport(config.env.SMTP_URL);
  }

  async sendInvite(user: Recipient, token: string): Promise<void> {
    const mc = await this.branding.mailContext(user.companyId);
    const link = `${mc.baseUrl}/reset-password?token=${encodeURIComponent(token)}&invite=1`;
    await this.send(
      mc,
      user.email,
      `You are invited to ${mc.productName}`,
      `Hello ${user.name},\n\nAn account was created for you. Choose your password here (valid 7 days):\n${link}\n`,
    );
  }

  /** An invitation for an address that already has an account outside the inviting company. */
  async sendAddressInUse(holder: Recipient, companyName: string | null): Promise<void> {
    const mc = await this.branding.mailContext(holder.companyId);
    await this.send(
      mc,
      holder.email,
      `An invitation to ${mc.productName} could not be completed`,
      `Hello ${holder.name},\n\n${companyName ?? 'A company'} tried to invite this address, but it already belongs to your account with another organisation on this platform. No account was created. If you expected this invitation, ask your provider.\n`,
    );
  }

  async sendPasswordReset(user: Recipient, token: string): Promise<void> {
    const mc = await this.branding.mailContext(user.companyId);
    const link = `${mc.baseUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await this.send(
      mc,
      user.email,
      `Reset your ${mc.productName} password`,
      `Hello ${user.name},\n\nUse this link within one hour to choose a new password:\n${link}\n\nIf you did not ask for it, ignore this mail.\n`,
    );
  }

  private async send(mc: MailContext, to: string, subject: string, text: string): Promise<void> {
    if (!this.transport) {
      this.logger.warn(`SMTP_URL is not set: "${subject}" mail was not sent`);
      return;
    }
    await this.transport.sendMail({ from: mc.from, to, subject, text });
  }
}
