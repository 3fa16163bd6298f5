import type { PrismaClient, UserRole } from '../generated/prisma/client';
import { hashPassword } from '../common/crypto/password';

// Demo data for DEMO_MODE only. Upserts by natural keys, so running it again changes nothing
// (except re-applying DEMO_PASSWORD, which makes a changed password recoverable in a demo).

export const DEMO_COMPANIES = [
  { slug: 'acme', name: 'Acme Corp', contactName: 'Alice Acme', contactEmail: 'it@acme.demo' },
  { slug: 'globex', name: 'Globex', contactName: 'Gary Globex', contactEmail: 'it@globex.demo' },
] as const;

export const DEMO_USERS: { email: string; name: string; role: UserRole; company: string | null }[] =
  [
    { email: 'admin@demo.local', name: 'Demo Operator', role: 'super_admin', company: null },
    { email: 'sales@demo.local', name: 'Sam Sales', role: 'salesperson', company: null },
    { email: 'admin@acme.demo', name: 'Alice Acme', role: 'company_admin', company: 'acme' },
    { email: 'user@acme.demo', name: 'Andy Acme', role: 'user', company: 'acme' },
    { email: 'admin@globex.demo', name: 'Gary Globex', role: 'company_admin', company: 'globex' },
    { email: 'user@globex.demo', name: 'Gina Globex', role: 'user', company: 'globex' },
  ];

export async function seedDemo(prisma: PrismaClient, demoPassword: string): Promise<void> {
  const companyIds = new Map<string, string>();
  for (const c of DEMO_COMPANIES) {
    const row = await prisma.company.upsert({
      where: { slug: c.slug },
      create: { ...c },
      update: {},
    });
    companyIds.set(c.slug, row.id);
  }
  const passwordHash = await hashPassword(demoPassword);
  for (const u of DEMO_USERS) {
    const companyId = u.company ? companyIds.get(u.company)! : null;
    await prisma.user.upsert({
      where: { email: u.email },
      create: {
        email: u.email,
        name: u.name,
        role: u.role,
        companyId,
        passwordHash,
        status: 'active',
      },
      update: { passwordHash, role: u.role, companyId, status: 'active' },
    });
  }
  const sales = await prisma.user.findUniqueOrThrow({ where: { email: 'sales@demo.local' } });
  const acmeId = companyIds.get('acme')!;
  await prisma.salespersonAssignment.upsert({
    where: { userId_companyId: { userId: sales.id, companyId: acmeId } },
    create: { userId: sales.id, companyId: acmeId },
    update: {},
  });
}
