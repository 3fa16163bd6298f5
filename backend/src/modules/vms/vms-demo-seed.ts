import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../common/prisma/prisma.service';
import { GuestsService } from '../guests/guests.service';
import { TemplatesService } from '../templates/templates.service';
import { VmGrantsService } from '../vm-grants/vm-grants.service';

// Demo estate (DEMO_MODE): once the demo cluster's inventory is synced, Acme and Globex each get
// several VMs and containers (some running, some stopped), may clone the cluster's templates, and
// user@acme.demo gets rights on a few Acme VMs. Idempotent: a company that owns guests is skipped.
// Each table is written by its owner (guests, templates, grants).

const PER_COMPANY = 6;
const USER_RIGHTS = ['view', 'console', 'power', 'snapshot'] as const;

export interface DemoEstateResult {
  assigned: Record<string, number>;
  templates: number;
  grants: number;
}

@Injectable()
export class DemoEstateService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly guests: GuestsService,
    private readonly templates: TemplatesService,
    private readonly grants: VmGrantsService,
  ) {}

  /** Done once both demo companies own guests. */
  async complete(): Promise<boolean> {
    const companies = await this.demoCompanies();
    if (companies.length < 2) return false;
    const owned = await Promise.all(companies.map((c) => this.guests.countOwnedBy(c.id)));
    return owned.every((n) => n > 0);
  }

  async assign(): Promise<DemoEstateResult | null> {
    const companies = await this.demoCompanies();
    if (companies.length === 0) return null;
    const free = await this.guests.freeForDemo();
    const templates = await this.guests.liveTemplates();
    if (free.length === 0 && templates.length === 0) return null;

    const result: DemoEstateResult = { assigned: {}, templates: 0, grants: 0 };
    const taken = new Set<string>();
    for (const c of companies.sort((a, b) => a.slug.localeCompare(b.slug))) {
      if ((await this.guests.countOwnedBy(c.id)) > 0) continue;
      // A mix: running and stopped, VMs and containers, spread over the nodes.
      const pick = (pred: (g: (typeof free)[number]) => boolean, n: number) =>
        free.filter((g) => !taken.has(g.id) && pred(g)).slice(0, n);
      const chosen = [
        ...pick((g) => g.kind === 'qemu' && g.status === 'running', 2),
        ...pick((g) => g.kind === 'qemu' && g.status !== 'running', 1),
        ...pick((g) => g.kind === 'lxc' && g.status === 'running', 1),
        ...pick((g) => g.kind === 'lxc' && g.status !== 'running', 1),
      ];
      for (const g of chosen) taken.add(g.id);
      chosen.push(...pick(() => true, PER_COMPANY - chosen.length));
      for (const g of chosen) taken.add(g.id);
      if (!chosen.length) continue;
      await this.guests.assignFree(
        chosen.map((g) => g.id),
        c.id,
      );
      result.assigned[c.slug] = chosen.length;

      if (c.slug === 'acme') {
        const user = await this.prisma.user.findFirst({
          where: { email: 'user@acme.demo' },
          select: { id: true },
        });
        if (user) {
          for (const g of chosen.filter((x) => x.kind === 'qemu').slice(0, 3)) {
            await this.grants.grantIfMissing(user.id, c.id, g.id, [...USER_RIGHTS]);
            result.grants++;
          }
        }
      }
    }

    const allowed = companies.map((c) => c.id);
    for (const t of templates) {
      const tpl = {
        node: t.node,
        vmid: t.vmid,
        kind: t.kind,
        name: t.name ?? `template-${t.vmid}`,
      };
      if (await this.templates.offerToCompanies(t.clusterId, tpl, allowed)) result.templates++;
    }
    return result;
  }

  // The demo companies are looked up by their seeded slugs (read only).
  private demoCompanies() {
    return this.prisma.company.findMany({
      where: { slug: { in: ['acme', 'globex'] } },
      select: { id: true, slug: true },
    });
  }
}
