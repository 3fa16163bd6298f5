import { TestContext } from '../helpers/test-context';

/** Quota requests as the SPA drives them: decide with a body, decline with a reason, withdraw. */
describe('quota requests', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await TestContext.create();
  });
  afterAll(() => ctx.close());

  async function setup() {
    const company = await ctx.newCompany();
    const adminUser = await ctx.newUser({ role: 'company_admin', companyId: company.id });
    const colleague = await ctx.newUser({ role: 'company_admin', companyId: company.id });
    const staffUser = await ctx.newUser({ role: 'super_admin' });
    const [admin, other, staff] = await Promise.all(
      [adminUser, colleague, staffUser].map((u) => ctx.login(u)),
    );
    const ask = async (guests: number) => {
      const res = await ctx.http
        .post('/api/quota-requests')
        .set(admin.auth)
        .send({ companyId: company.id, requested: { guests }, reason: 'new project' });
      expect(res.status).toBe(201);
      return res.body as { id: string };
    };
    return { company, adminUser, staffUser, admin, other, staff, ask };
  }

  it('names the requester and the decider, and a decline carries its reason', async () => {
    const { adminUser, staffUser, admin, staff, ask } = await setup();
    const created = await ask(40);
    expect(created).toMatchObject({ requestedByName: adminUser.name, decidedByName: null });
    const declined = await ctx.http
      .post(`/api/quota-requests/${created.id}/decline`)
      .set(staff.auth)
      .send({ note: 'Use the spare cluster first' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      status: 'declined',
      note: 'Use the spare cluster first',
      requestedByName: adminUser.name,
      decidedByName: staffUser.name,
    });
    const list = await ctx.http.get('/api/quota-requests').set(admin.auth);
    expect(list.body.items.find((i: { id: string }) => i.id === created.id)).toMatchObject({
      requestedByName: adminUser.name,
      decidedByName: staffUser.name,
      note: 'Use the spare cluster first',
    });
  });

  it('approves with an empty body and refuses a missing one with a 400, not a 500', async () => {
    const { staff, ask } = await setup();
    const created = await ask(41);
    const bare = await ctx.http.post(`/api/quota-requests/${created.id}/approve`).set(staff.auth);
    expect(bare.status).toBe(400);
    const ok = await ctx.http
      .post(`/api/quota-requests/${created.id}/approve`)
      .set(staff.auth)
      .send({});
    expect(ok.body).toMatchObject({ status: 'approved', note: null });
  });

  it('lets only the requester withdraw a pending request', async () => {
    const { admin, other, staff, ask, company } = await setup();
    const created = await ask(42);
    const byColleague = await ctx.http
      .post(`/api/quota-requests/${created.id}/cancel`)
      .set(other.auth);
    expect(byColleague.status).toBe(403);
    const mine = await ctx.http.post(`/api/quota-requests/${created.id}/cancel`).set(admin.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.status).toBe('cancelled');
    const again = await ctx.http.post(`/api/quota-requests/${created.id}/cancel`).set(admin.auth);
    expect(again.status).toBe(409);
    // Withdrawn is final: the MSP can no longer approve it, and the limit did not move.
    const late = await ctx.http
      .post(`/api/quota-requests/${created.id}/approve`)
      .set(staff.auth)
      .send({});
    expect(late.status).toBe(409);
    const quota = await ctx.http.get(`/api/companies/${company.id}/quota`).set(admin.auth);
    expect(quota.body.limits.guests).not.toBe(42);
    const filtered = await ctx.http
      .get('/api/quota-requests')
      .query({ status: 'cancelled' })
      .set(admin.auth);
    expect(filtered.body.items.map((i: { id: string }) => i.id)).toContain(created.id);
  });

  it('a foreign company cannot withdraw or even see the request (404)', async () => {
    const { ask } = await setup();
    const created = await ask(43);
    const foreign = await setup();
    const res = await ctx.http
      .post(`/api/quota-requests/${created.id}/cancel`)
      .set(foreign.admin.auth);
    expect(res.status).toBe(404);
  });
});
