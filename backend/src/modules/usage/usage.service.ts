import { Injectable } from '@nestjs/common';
import type { UsageStatement, UsageStatementQuery } from '@multpanel/contracts';
import { AccessService } from '../../common/access/access.service';
import type { Actor } from '../../common/auth/actor';
import { UsageRepository } from './usage.repository';

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
 * snapshots' GiB divided by the month's hours.
 */
@Injectable()
export class UsageService {
  constructor(
    private readonly repo: UsageRepository,
    private readonly access: AccessService,
  ) {}

  /** `usage.snapshot`: what every company holds now, stamped with the current hour. */
  async snapshot(now = new Date()): Promise<{ hour: string; companies: number }> {
    const hour = new Date(Math.floor(now.getTime() / HOUR) * HOUR);
    const rows = await this.repo.current();
    await this.repo.write(hour, rows);
    return { hour: hour.toISOString(), companies: rows.length };
  }

  async statement(actor: Actor, q: UsageStatementQuery): Promise<UsageStatement> {
    await this.access.requireCompany(actor, q.companyId);
    const { from, to, hours } = monthBounds(q.month);
    const samples = await this.repo.samples(q.companyId, from, to);
    let vcpuHours = 0;
    let ramGib = 0;
    let diskGib = 0;
    const running = new Map<string, number>();
    for (const s of samples) {
      vcpuHours += s.vcpus;
      ramGib += Number(s.memBytes) / GIB;
      diskGib += Number(s.diskBytes) / GIB;
      for (const id of s.running as string[]) running.set(id, (running.get(id) ?? 0) + 1);
    }
    const names = new Map(
      (await this.repo.guestNames([...running.keys()])).map((g) => [g.id, g.name]),
    );
    return {
      companyId: q.companyId,
      month: q.month,
      hoursInMonth: hours,
      hoursSampled: samples.length,
      vcpuHours: round(vcpuHours),
      ramGbHours: round(ramGib),
      diskGbMonths: round(diskGib / hours),
      guests: [...running]
        .map(([guestId, runningHours]) => ({
          guestId,
          name: names.get(guestId) ?? null,
          runningHours,
        }))
        .sort((a, b) => b.runningHours - a.runningHours || a.guestId.localeCompare(b.guestId)),
    };
  }

  /** The same statement as CSV: the totals, then one line per guest. */
  static csv(s: UsageStatement): string {
    const esc = (v: string | number | null) => {
      const t = v === null ? '' : String(v);
      return /[",\n\r]/.test(t) || /^[=+\-@]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
    };
    const lines = [
      'item,guest_id,name,quantity,unit',
      `vcpu,,,${s.vcpuHours},vCPU-hours`,
      `ram,,,${s.ramGbHours},GB-hours`,
      `disk,,,${s.diskGbMonths},GB-months`,
      ...s.guests.map((g) =>
        ['running', g.guestId, esc(g.name), g.runningHours, 'hours'].join(','),
      ),
    ];
    return `${lines.join('\r\n')}\r\n`;
  }
}
