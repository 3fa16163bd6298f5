import { Injectable, Logger } from '@nestjs/common';
import type { UserView } from '@multpanel/contracts';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../../config/app-config';

// Sends account mails (invites, password resets) through SMTP_URL; without it, mails are skipped
// with a warning (the token itself is never logged).
@Injectable()
export class UserMailer {
  private readonly logger = new Logger('Mail');
  private transport?: Transporter;

  constructor(private readonly config: AppConfig) {
    if (config.env.SMTP_URL) this.transport = createTransport(config.env.SMTP_URL);
  }

  async sendInvite(user: Pick<UserView, 'email' | 'name'>, token: string): Promise<void> {
    const link = `${this.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}&invite=1`;
    await this.send(
      user.email,
      'You are invited to Multpanel',
      `Hello ${user.name},\n\nAn account was created for you. Choose your password here (valid 7 days):\n${link}\n`,
    );
  }

  /** An invitation for an address that already has an account outside the inviting company. */
  async sendAddressInUse(
    holder: Pick<UserView, 'email' | 'name'>,
    companyName: string | null,
  ): Promise<void> {
    await this.send(
      holder.email,
      'An invitation to Multpanel could not be completed',
      `Hello ${holder.name},\n\n${companyName ?? 'A company'} tried to invite this address, but it already belongs to your account with another organisation on this platform. No account was created. If you expected this invitation, ask your provider.\n`,
    );
  }

  async sendPasswordReset(user: Pick<UserView, 'email' | 'name'>, token: string): Promise<void> {
    const link = `${this.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await this.send(
      user.email,
      'Reset your Multpanel password',
      `Hello ${user.name},\n\nUse this link within one hour to choose a new password:\n${link}\n\nIf you did not ask for it, ignore this mail.\n`,
    );
  }

  private async send(to: string, subject: string, text: string): Promise<void> {
    if (!this.transport) {
      this.logger.warn(`SMTP_URL is not set: "${subject}" mail was not sent`);
      return;
    }
    await this.transport.sendMail({
      from: `Multpanel <no-reply@${new URL(this.config.publicUrl).hostname}>`,
      to,
      subject,
      text,
    });
  }
}
