import { Injectable } from '@nestjs/common';
import {
  USAGE_PRICED_ITEMS,
  usagePriceListSchema,
  type UsagePriceList,
  type UsagePriceListInput,
  type UsagePricedItem,
  type UsageStatement,
  type UsageStatementQuery,
} from '@multpanel/contracts';
import { ActivityService } from '../../common/audit/activity.service';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { BrandingService } from '../branding/branding.service';
import { BackupHoldingsService } from '../backups/backup-holdings.service';
import { MetricsCollectService } from '../monitoring/metrics-collect.service';
import { statementPdf } from './usage-pdf';
import { emptyRow, UsageRepository, type UsageSnapshotRow } from './usage.repository';

const HOUR = 3_600_000;
const GIB = 1024 ** 3;
const round = (n: number, d = 4) => Math.round(n * 10 ** d) / 10 ** d;

/** Bounds of a `YYYY-MM` month in UTC. */
export function monthBounds(month: string): { from: Date; to: Date; hours: number } {
  const [y, m] = month.split('-').map(Number);
  const from = new Date(Date.UTC(y!, m! - 1, 1));
  const to = new Date(Date.UTC(y!, m!, 1));
  return { from, to, hours: (to.getTime() - from.getTime()) / HOUR };
}

/**
 * Usage statements from hourly inventory snapshots: each snapshot stands for the hour it was
 * taken in, so vCPU-hours are the sum of the snapshots' vCPUs, and disk GB-months the sum of the
 * snapshots' GiB divided by the month's hours; disk used, backup storage and public IPs likewise
 * (an hour without a snapshot counts as nothing held).
 */
@Injectable()
export class UsageService {
  constructor(
    private readonly repo: UsageRepository,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly metrics: MetricsCollectService,
    private readonly backups: BackupHoldingsService,
    private readonly branding: BrandingService,
  ) {}

  async prices(actor: Actor, companyId: string): Promise<UsagePriceList | null> {
    await this.access.requireCompany(actor, companyId);
    const p = await this.repo.priceList(companyId);
    return p
      ? {
          companyId,
          currency: p.currency,
          vcpuHour: Number(p.vcpuHour),
          ramGbHour: Number(p.ramGbHour),
          diskGbMonth: Number(p.diskGbMonth),
          backupGbMonth: Number(p.backupGbMonth),
          publicIpMonth: Number(p.publicIpMonth),
        }
      : null;
  }

  async setPrices(
    actor: Actor,
    companyId: string,
    raw: UsagePriceListInput,
  ): Promise<UsagePriceList> {
    await this.access.requireCompany(actor, companyId);
    const input = usagePriceListSchema.parse(raw); // the defaults (0) for items left out
    await this.repo.setPriceList(companyId, input);
    await this.activity.record({
      action: 'usage.prices.set',
      actor: actor.principal,
      companyId,
      resourceType: 'company',
      resourceId: companyId,
      details: { ...input },
    });
    return { companyId, ...input };
  }

  /** `usage.snapshot`: what every company holds now, stamped with the current hour. */
  async snapshot(now = new Date()): Promise<{ hour: string; companies: number }> {
    const hour = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
    const [current, diskUsed, backups, ips] = await Promise.all([
      this.repo.current(),
      this.metrics.diskUsedByCompany(),
      this.backups.byCompany(),
      this.repo.publicIps(),
    ]);
    const rows = new Map(current.map((r) => [r.companyId, r]));
    const row = (companyId: string): UsageSnapshotRow => {
      let r = rows.get(companyId);
      if (!r) rows.set(companyId, (r = emptyRow(companyId)));
      return r;
    };
    for (const [companyId, u] of diskUsed) {
      const r = row(companyId);
      r.diskUsedBytes = BigInt(Math.round(u.bytes));
      r.diskUsedGuests = u.guests;
    }
    // No backup storage could be read this hour: "not known", not 0.
    if (backups.clustersRead > 0) {
      for (const r of rows.values()) r.backupBytes = 0n;
      for (const [companyId, bytes] of backups.bytes) row(companyId).backupBytes = BigInt(bytes);
    }
    for (const [companyId, n] of ips) row(companyId).publicIps = n;
    await this.repo.write(hour, [...rows.values()]);
    return { hour: hour.toISOString(), companies: rows.size };
  }

  async statement(actor: Actor, q: UsageStatementQuery): Promise<UsageStatement> {
    await this.access.requireCompany(actor, q.companyId);
    const { from, to, hours } = monthBounds(q.month);
    const samples = await this.repo.samples(q.companyId, from, to);
    let vcpuHours = 0;
    let ramGib = 0;
    let diskGib = 0;
    // Null until a snapshot of the month carries the figure ("not reported").
    let diskUsedGib: number | null = null;
    let backupGib: number | null = null;
    let ipHours = 0;
    const running = new Map<string, number>();
    for (const s of samples) {
      vcpuHours += s.vcpus;
      ramGib += Number(s.memBytes) / GIB;
      diskGib += Number(s.diskBytes) / GIB;
      if (s.diskUsedBytes !== null)
        diskUsedGib = (diskUsedGib ?? 0) + Number(s.diskUsedBytes) / GIB;
      if (s.backupBytes !== null) backupGib = (backupGib ?? 0) + Number(s.backupBytes) / GIB;
      ipHours += s.publicIps;
      for (const id of s.running as string[]) running.set(id, (running.get(id) ?? 0) + 1);
    }
    const prices = await this.prices(actor, q.companyId);
    const names = new Map(
      (await this.repo.guestNames([...running.keys()])).map((g) => [g.id, g.name]),
    );
    const quantities: Record<UsagePricedItem, number | null> = {
      vcpu: round(vcpuHours),
      ram: round(ramGib),
      disk: round(diskGib / hours),
      backup: backupGib === null ? null : round(backupGib / hours),
      publicIp: round(ipHours / hours),
    };
    let priced: UsageStatement['priced'] = null;
    if (prices) {
      const unit: Record<UsagePricedItem, number> = {
        vcpu: prices.vcpuHour,
        ram: prices.ramGbHour,
        disk: prices.diskGbMonth,
        backup: prices.backupGbMonth,
        publicIp: prices.publicIpMonth,
      };
      const lines = USAGE_PRICED_ITEMS.flatMap((item) => {
        const quantity = quantities[item];
        if (quantity === null) return [];
        return [{ item, quantity, unitPrice: unit[item], amount: round(quantity * unit[item], 2) }];
      });
      priced = {
        currency: prices.currency,
        lines,
        total: round(
          lines.reduce((t, l) => t + l.amount, 0),
          2,
        ),
      };
    }
    return {
      companyId: q.companyId,
      month: q.month,
      hoursInMonth: hours,
      hoursSampled: samples.length,
      vcpuHours: quantities.vcpu!,
      ramGbHours: quantities.ram!,
      diskGbMonths: quantities.disk!,
      diskUsedGbMonths: diskUsedGib === null ? null : round(diskUsedGib / hours),
      backupGbMonths: quantities.backup,
      publicIpMonths: quantities.publicIp!,
      guests: [...running]
        .map(([guestId, runningHours]) => ({
          guestId,
          name: names.get(guestId) ?? null,
          runningHours,
        }))
        .sort((a, b) => b.runningHours - a.runningHours || a.guestId.localeCompare(b.guestId)),
      priced,
    };
  }

  /** The statement as a PDF under the company's brand (its product name, else the MSP's). */
  async pdf(actor: Actor, q: UsageStatementQuery): Promise<{ pdf: Uint8Array; fileName: string }> {
    const company = await this.access.requireCompany(actor, q.companyId);
    const [s, brand] = await Promise.all([
      this.statement(actor, q),
      this.branding.effective(undefined, q.companyId),
    ]);
    const pdf = await statementPdf(s, {
      brand: brand.productName ?? 'Multpanel',
      companyName: company.name,
    });
    const slug = company.name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'company';
    return { pdf, fileName: `usage-${slug}-${q.month}.pdf` };
  }

  /** The same statement as CSV: the totals, then one line per guest. */
  static csv(s: UsageStatement): string {
    const esc = (v: string | number | null) => {
      const t = v === null ? '' : String(v);
      return /[",\n\r]/.test(t) || /^[=+\-@]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
    };
    const price = (item: UsagePricedItem) => {
      const l = s.priced?.lines.find((x) => x.item === item);
      return l ? `,${l.unitPrice},${l.amount}` : ',,';
    };
    const lines = [
      'item,guest_id,name,quantity,unit,unit_price,amount',
      `vcpu,,,${s.vcpuHours},vCPU-hours${price('vcpu')}`,
      `ram,,,${s.ramGbHours},GB-hours${price('ram')}`,
      `disk,,,${s.diskGbMonths},GB-months${price('disk')}`,
      `disk_used,,,${s.diskUsedGbMonths ?? 'not reported'},GB-months,,`,
      `backup,,,${s.backupGbMonths ?? 'not reported'},GB-months${price('backup')}`,
      `public_ip,,,${s.publicIpMonths},IP-months${price('publicIp')}`,
      ...s.guests.map((g) =>
        ['running', g.guestId, esc(g.name), g.runningHours, 'hours', '', ''].join(','),
      ),
      ...(s.priced ? [`total,,,,,${s.priced.currency},${s.priced.total}`] : []),
    ];
    return `${lines.join('\r\n')}\r\n`;
  }
}
