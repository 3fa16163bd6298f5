import type { PrismaClient } from '../../generated/prisma/client';

// Demo estate (DEMO_MODE): once the demo cluster's inventory is synced, Acme and Globex each get
// several VMs and containers (some running, some stopped), may clone the cluster's templates, and
// user@acme.demo gets rights on a few Acme VMs. Idempotent: a company that owns guests is skipped.

const PER_COMPANY = 6;
const USER_RIGHTS = ['view', 'console', 'power', 'snapshot'];

export interface DemoEstateResult {
  assigned: Record<string, number>;
  templates: number;
  grants: number;
}

type Db = Pick<
  PrismaClient,
  'company' | 'guest' | 'vmTemplate' | 'vmGrant' | 'user' | '$transaction'
>;

export async function assignDemoGuests(prisma: Db): Promise<DemoEstateResult | null> {
  const companies = await prisma.company.findMany({
    where: { slug: { in: ['acme', 'globex'] } },
    select: { id: true, slug: true },
  });
  if (companies.length === 0) return null;
  const free = await prisma.guest.findMany({
    where: { companyId: null, goneAt: null, template: false, activeVmid: { not: null } },
    orderBy: [{ clusterId: 'asc' }, { vmid: 'asc' }],
    select: { id: true, kind: true, status: true, clusterId: true, node: true },
  });
  const templates = await prisma.guest.findMany({
    where: { template: true, goneAt: null, activeVmid: { not: null } },
    select: { clusterId: true, vmid: true, kind: true, name: true, node: true },
  });
  if (free.length === 0 && templates.length === 0) return null;

  const result: DemoEstateResult = { assigned: {}, templates: 0, grants: 0 };
  const taken = new Set<string>();
  for (const c of companies.sort((a, b) => a.slug.localeCompare(b.slug))) {
    if ((await prisma.guest.count({ where: { companyId: c.id, goneAt: null } })) > 0) continue;
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
    await prisma.guest.updateMany({
      where: { id: { in: chosen.map((g) => g.id) }, companyId: null },
      data: { companyId: c.id, importedAt: new Date() },
    });
    result.assigned[c.slug] = chosen.length;

    if (c.slug === 'acme') {
      const user = await prisma.user.findFirst({
        where: { email: 'user@acme.demo' },
        select: { id: true },
      });
      if (user) {
        for (const g of chosen.filter((x) => x.kind === 'qemu').slice(0, 3)) {
          await prisma.vmGrant.upsert({
            where: { userId_guestId: { userId: user.id, guestId: g.id } },
            create: { userId: user.id, companyId: c.id, guestId: g.id, rights: USER_RIGHTS },
            update: {},
          });
          result.grants++;
        }
      }
    }
  }

  const allowed = companies.map((c) => c.id);
  for (const t of templates) {
    const existing = await prisma.vmTemplate.findUnique({
      where: { clusterId_vmid: { clusterId: t.clusterId, vmid: t.vmid } },
    });
    if (existing && Array.isArray(existing.allowedCompanyIds) && existing.allowedCompanyIds.length)
      continue;
    await prisma.vmTemplate.upsert({
      where: { clusterId_vmid: { clusterId: t.clusterId, vmid: t.vmid } },
      create: {
        clusterId: t.clusterId,
        vmid: t.vmid,
        kind: t.kind,
        node: t.node,
        name: t.name ?? `template-${t.vmid}`,
        allowedCompanyIds: allowed,
      },
      update: { allowedCompanyIds: allowed, goneAt: null },
    });
    result.templates++;
  }
  return result;
}
