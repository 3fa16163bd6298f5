import { generateApiKey } from '../../src/common/auth/api-key-format';
import type { TestContext } from './test-context';

// Creates resources owned by a company, returning their ids. The isolation crawler uses them as the
// "foreign" ids every other company's callers must not reach. Modules add a factory here for their
// own resources; rows in any table with a companyId column are picked up automatically too.
export type ForeignFactory = (ctx: TestContext, companyId: string) => Promise<string[]>;

export const FOREIGN_RESOURCE_FACTORIES: ForeignFactory[] = [
  async (ctx, companyId) => {
    const admin = await ctx.newUser({ role: 'company_admin', companyId });
    const user = await ctx.newUser({ role: 'user', companyId });
    await ctx.login(admin); // a session + activity entries
    const session = await ctx.prisma.refreshSession.findFirstOrThrow({
      where: { userId: admin.id },
    });
    const k = generateApiKey();
    const key = await ctx.prisma.apiKey.create({
      data: {
        userId: admin.id,
        companyId,
        name: 'foreign',
        prefix: k.prefix,
        keyHash: k.hash,
        permissions: ['company.read'],
      },
    });
    const grant = await ctx.prisma.vmGrant.create({
      data: { userId: user.id, companyId, guestId: `guest-${companyId}`, rights: ['view'] },
    });
    const quota = await ctx.prisma.quotaRequest.create({
      data: {
        companyId,
        requestedById: admin.id,
        requested: { guests: 99 },
        reason: 'foreign quota request',
      },
    });
    // A finished job (no worker picks it up) with a log line.
    const job = await ctx.prisma.job.create({
      data: {
        type: 'vm.power',
        status: 'succeeded',
        companyId,
        actorId: admin.id,
        params: { action: 'start' },
        message: 'foreign job',
        logs: { create: [{ line: 'foreign job log' }] },
      },
    });
    return [admin.id, user.id, session.familyId, key.id, grant.id, quota.id, job.id];
  },
];
