import { Injectable, Logger } from '@nestjs/common';
import type { JobPayloads } from '@multpanel/contracts';
import { createTransport, type Transporter } from 'nodemailer';
import { QueueService } from '../../common/queue/queue.service';
import { AppConfig } from '../../config/app-config';
import { BrandingService } from '../branding/branding.service';
import { GuestsService } from '../guests/guests.service';
import { BackupsRepository } from './backups.repository';
import { drGuestStale } from './dr-pairs.mapper';
import { DrPairsRepository } from './dr-pairs.repository';

export interface BackupMail {
  to: string;
  subject: string;
  text: string;
}

/** Guests listed in one mail at most (the rest are counted). */
const LISTED = 50;
const when = (d: Date | null) =>
  d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—';

/**
 * Backup notifications by email: a run that failed, partly failed or was missed, and a failed
 * restore test, to the company's admins and the MSP (super admins, the company's salespeople).
 * `notify*` queue a `backups.notify` job (a queue outage never fails the backup itself); the worker
 * composes and sends (`deliver`). Without SMTP_URL mails are skipped with a warning.
 */
@Injectable()
export class BackupNotifier {
  private readonly logger = new Logger('BackupMail');
  private transport?: Transporter;

  constructor(
    private readonly config: AppConfig,
    private readonly repo: BackupsRepository,
    private readonly branding: BrandingService,
    private readonly queues: QueueService,
    private readonly dr: DrPairsRepository,
    private readonly guests: GuestsService,
  ) {
    if (config.env.SMTP_URL) this.transport = createTransport(config.env.SMTP_URL);
  }

  /** A run ended `failed`, `partial` or `missed`. */
  notifyRun(companyId: string, runId: string): Promise<void> {
    return this.enqueue({ companyId, event: 'run', id: runId });
  }

  notifyRestoreTest(companyId: string, restoreTestId: string): Promise<void> {
    return this.enqueue({ companyId, event: 'restore-test', id: restoreTestId });
  }

  /** A DR guest became stale (the caller claimed its stale spell: one mail per spell). */
  notifyDrStale(companyId: string, drGuestId: string): Promise<void> {
    return this.enqueue({ companyId, event: 'dr-stale', id: drGuestId });
  }

  async deliver(p: JobPayloads['backups.notify']): Promise<{ sent: number }> {
    const mails = await this.compose(p);
    if (mails.length > 0 && !this.transport) {
      this.logger.warn(`SMTP_URL is not set: ${mails.length} backup mail(s) not sent`);
      return { sent: 0 };
    }
    const mc = await this.branding.mailContext(p.companyId);
    const from = { name: `${mc.from.name} backups`, address: mc.from.address };
    for (const m of mails) await this.transport!.sendMail({ from, ...m });
    return { sent: mails.length };
  }

  async compose(p: JobPayloads['backups.notify']): Promise<BackupMail[]> {
    const message =
      p.event === 'run'
        ? await this.runMessage(p.id)
        : p.event === 'dr-stale'
          ? await this.drMessage(p.id)
          : await this.testMessage(p.id);
    if (!message) return [];
    const people = await this.repo.notifyRecipients(p.companyId);
    // The company's admins follow links on its mapped host, the MSP's staff on PUBLIC_URL.
    const companyBase = (await this.branding.mailContext(p.companyId)).baseUrl;
    const staffBase = this.config.publicUrl.replace(/\/+$/, '');
    return people.map((r) => ({
      to: r.email,
      subject: message.subject,
      text: `Hello ${r.name},\n\n${message.body(r.companyId ? companyBase : staffBase)}\n`,
    }));
  }

  private async runMessage(id: string) {
    const run = await this.repo.runForMail(id, LISTED);
    if (!run || !['failed', 'partial', 'missed'].includes(run.status)) return null;
    const what = run.schedule?.name ? `"${run.schedule.name}"` : 'backup now';
    const verb =
      run.status === 'missed'
        ? 'was missed'
        : run.status === 'partial'
          ? 'partly failed'
          : 'failed';
    const lines = run.results.map(
      (r) =>
        `- ${r.guestName ?? `VMID ${r.vmid}`} (VMID ${r.vmid}, ${r.node}): ${r.status}${r.error ? ` — ${r.error.split('\n')[0].slice(0, 300)}` : ''}`,
    );
    const more = run.notOk - run.results.length;
    return {
      // plain ASCII without quotes: the subject stays readable unencoded
      subject: `Backup ${verb}: ${run.schedule?.name ?? 'backup now'} of ${run.company} (${when(run.plannedAt)})`,
      body: (base: string) =>
        [
          `The backup run ${what} of ${run.company} planned for ${when(run.plannedAt)} ${verb} (storage ${run.storage}).`,
          `${run.notOk} of ${run.total} guest(s) were not backed up:`,
          '',
          ...lines,
          ...(more > 0 ? [`… and ${more} more`] : []),
          '',
          `History: ${base}/backups?tab=history`,
        ].join('\n'),
    };
  }

  private async testMessage(id: string) {
    const t = await this.repo.restoreTestForMail(id);
    if (!t || t.status !== 'failed') return null;
    const guest = t.guestName ?? `VMID ${t.vmid}`;
    return {
      subject: `Restore test failed: ${guest} of ${t.company}`,
      body: (base: string) =>
        [
          `The restore test of ${guest} (VMID ${t.vmid}) of ${t.company} failed: its backup ${t.volid ?? ''} of ${when(t.backupAt)} could not be proven restorable.`,
          '',
          `Reason: ${t.error ?? 'unknown'}`,
          '',
          `Report: ${base}/backups?tab=restoreTests`,
        ].join('\n'),
    };
  }

  private async drMessage(id: string) {
    const g = await this.dr.drGuestForMail(id);
    // fresh again before the mail went out: nothing to say
    if (!g || !drGuestStale(g.pair, g, new Date())) return null;
    const guest = await this.guests.findById(g.guestId);
    const name = guest?.name ?? (guest ? `VMID ${guest.vmid}` : 'a guest');
    const point = g.recoveryPointAt
      ? `its newest copy on ${g.targetCluster} is of ${when(g.recoveryPointAt)}`
      : `it has no copy on ${g.targetCluster} yet`;
    return {
      subject: `DR copy stale: ${name} of ${g.company} (${g.pair.name})`,
      body: (base: string) =>
        [
          `The disaster recovery copy of ${name}${guest ? ` (VMID ${guest.vmid})` : ''} of ${g.company} in the DR pair "${g.pair.name}" is older than ${g.pair.staleAfterHours} hours: ${point}.`,
          '',
          `Last error: ${g.error ?? 'none'}`,
          '',
          `DR pairs: ${base}/backups?tab=dr`,
        ].join('\n'),
    };
  }

  private async enqueue(p: Omit<JobPayloads['backups.notify'], 'actor'>): Promise<void> {
    try {
      await this.queues.enqueue(
        'backups.notify',
        { ...p, actor: { userId: null, type: 'system' } },
        { attempts: 5, backoff: { type: 'exponential', delay: 5_000 } },
      );
    } catch (err) {
      this.logger.warn(`could not queue the ${p.event} notification ${p.id}: ${String(err)}`);
    }
  }
}
