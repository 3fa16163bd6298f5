import { newClusterRow } from '../helpers/cluster-rows';
import { TestContext } from '../helpers/test-context';

/** The jobs list and detail name the guest, company, user and cluster behind each id. */
describe('jobs carry names', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx.close());

  it('on the list and the detail, for rows in scope only', async () => {
    const company = await ctx.newCompany({ name: 'Names Inc' });
    const adminUser = await ctx.newUser({ role: 'company_admin', companyId: company.id });
    const admin = await ctx.login(adminUser);
    const cluster = await newClusterRow(ctx, [company.id]);
    const guest = await ctx.prisma.guest.create({
      data: {
        clusterId: cluster.id,
        vmid: 4242,
        activeVmid: 4242,
        kind: 'qemu',
        name: 'ci04',
        status: 'running',
        node: 'pve1',
        tags: [],
        companyId: company.id,
        syncHash: '0000000000000000',
      },
    });
    const job = await ctx.prisma.job.create({
      data: {
        type: 'vm.power',
        status: 'failed',
        companyId: company.id,
        actorId: adminUser.id,
        guestId: guest.id,
        clusterId: cluster.id,
        node: 'pve1',
        params: { action: 'start' },
        message: 'Start ci04',
        error: 'TASK ERROR: '.padEnd(600, 'x'),
      },
    });
    const expected = {
      guestName: 'ci04',
      companyName: 'Names Inc',
      actorName: adminUser.name,
      clusterName: cluster.name,
    };
    const list = await ctx.http.get('/api/jobs').query({ guestId: guest.id }).set(admin.auth);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: job.id, ...expected })]);
    const detail = await ctx.http.get(`/api/jobs/${job.id}`).set(admin.auth);
    expect(detail.body).toMatchObject(expected);
    // The failure comes whole: the SPA shows it without cutting it.
    expect(detail.body.error).toHaveLength(600);

    const stranger = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: (await ctx.newCompany()).id }),
    );
    expect((await ctx.http.get(`/api/jobs/${job.id}`).set(stranger.auth)).status).toBe(404);
  });
});
