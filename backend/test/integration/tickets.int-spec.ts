import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SMTPServer } from 'smtp-server';
import { AppConfig } from '../../src/config/app-config';
import { CoreModule } from '../../src/core.module';
import { JobsModule } from '../../src/modules/jobs/jobs.module';
import { TicketsModule } from '../../src/modules/tickets/tickets.module';
import { clusterFor, guestAndTemplate } from '../helpers/foreign-resources';
import { isolatedEnv } from '../helpers/isolated-env';
import { TestContext, type LoggedIn } from '../helpers/test-context';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
]);

describe('support tickets', () => {
  let isolated: Awaited<ReturnType<typeof isolatedEnv>>;
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let smtp: SMTPServer;
  let dataDir: string;
  const mails: string[] = [];
  let acme: string;
  let userA: LoggedIn;
  let userAId: string;
  let otherUserA: LoggedIn;
  let adminA: LoggedIn;
  let adminB: LoggedIn;
  let staff: LoggedIn;
  let staffId: string;
  let staffEmail: string;
  let userEmail: string;
  let grantedGuest: string;
  let otherGuest: string;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, cb) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => {
          mails.push(raw.replace(/=\r?\n/g, '').replace(/=3D/g, '='));
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const port = (smtp.server.address() as { port: number }).port;
    dataDir = await mkdtemp(join(tmpdir(), 'mp-tickets-'));
    // An own database and queue prefix: the worker below must only see this suite's jobs.
    isolated = await isolatedEnv('tickets');
    ctx = await TestContext.create({
      env: {
        ...isolated.env,
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        PUBLIC_URL: 'http://mp.test',
        DATA_DIR: dataDir,
      },
    });
    const config = ctx.config;
    @Module({
      imports: [
        CoreModule.forRoot(config),
        JobsModule.forWorker({ strict: false, schedulers: false, pollIntervalMs: 100 }),
        TicketsModule.forWorker(),
      ],
      providers: [{ provide: AppConfig, useValue: config }],
    })
    class TicketsWorkerTestModule {}
    worker = await NestFactory.createApplicationContext(TicketsWorkerTestModule, {
      logger: false,
      abortOnError: false,
    });
    await worker.init();

    const a = await ctx.newCompany();
    const b = await ctx.newCompany();
    acme = a.id;
    // The company's mails come from its branding's sender.
    await ctx.prisma.branding.create({
      data: { owner: a.id, mailFromName: 'Acme Help', mailFromAddress: 'help@acme.test' },
    });
    const { cluster, node } = await clusterFor(ctx, [a.id], 'tickets');
    grantedGuest = (await guestAndTemplate(ctx, a.id, cluster.id, node.name)).guest.id;
    otherGuest = (await guestAndTemplate(ctx, a.id, cluster.id, node.name)).guest.id;
    const u = await ctx.newUser({ role: 'user', companyId: a.id });
    userAId = u.id;
    userEmail = u.email;
    await ctx.prisma.vmGrant.create({
      data: { userId: u.id, companyId: a.id, guestId: grantedGuest, rights: ['view'] },
    });
    userA = await ctx.login(u);
    otherUserA = await ctx.login(await ctx.newUser({ role: 'user', companyId: a.id }));
    adminA = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: a.id }));
    adminB = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: b.id }));
    const s = await ctx.newUser({ role: 'salesperson' });
    await ctx.assignSales(s.id, a.id);
    staffId = s.id;
    staffEmail = s.email;
    staff = await ctx.login(s);
  });
  afterAll(async () => {
    await worker?.close();
    await ctx?.close();
    await isolated?.drop();
    await new Promise<void>((r) => smtp.close(() => r()));
    await rm(dataDir, { recursive: true, force: true });
  });

  async function mailTo(email: string, containing: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const m = mails.find((x) => x.includes(`To: ${email}`) && x.includes(containing));
      if (m) return m;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no mail to ${email} containing "${containing}" (${mails.length} mails)`);
  }

  const open = (auth: LoggedIn, body: Record<string, unknown>) =>
    ctx.http
      .post('/api/tickets')
      .set(auth.auth)
      .send({ subject: 'Web server down', description: 'It stopped at 9:00', ...body });

  it('lets a user open a ticket about a granted guest only, and scopes who sees it', async () => {
    expect((await open(userA, { guestId: otherGuest })).status).toBe(404);
    const created = await open(userA, { guestId: grantedGuest, category: 'incident' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      companyId: acme,
      status: 'new',
      category: 'incident',
      guestId: grantedGuest,
      requester: { id: userAId },
    });
    const id = created.body.id as string;
    // Company admin: whole company; another user of it without the guest: no; another company: no.
    expect((await ctx.http.get(`/api/tickets/${id}`).set(adminA.auth)).status).toBe(200);
    expect((await ctx.http.get(`/api/tickets/${id}`).set(otherUserA.auth)).status).toBe(404);
    expect((await ctx.http.get(`/api/tickets/${id}`).set(adminB.auth)).status).toBe(404);
    const listB = await ctx.http.get('/api/tickets').set(adminB.auth);
    expect(listB.body.items.map((t: { id: string }) => t.id)).not.toContain(id);
    const listOther = await ctx.http.get('/api/tickets').set(otherUserA.auth);
    expect(listOther.body.items.map((t: { id: string }) => t.id)).not.toContain(id);
    // Staff must name the company; customers cannot open for another one.
    expect((await open(staff, {})).status).toBe(400);
    expect((await open(adminA, { companyId: (await ctx.newCompany()).id })).status).toBe(404);
    // The MSP hears of it by mail.
    const mail = await mailTo(staffEmail, 'Web server down');
    expect(mail).toContain(`http://mp.test/tickets/${id}`);
    expect(mail).toMatch(/^From: "?Acme Help support"? <help@acme\.test>/m);
  });

  it('shows staff replies to the customer but never internal notes', async () => {
    const id = (await open(userA, { subject: 'Disk full please help' })).body.id as string;
    expect(
      (
        await ctx.http
          .post(`/api/tickets/${id}/messages`)
          .set(userA.auth)
          .send({ body: 'secret?', internal: true })
      ).status,
    ).toBe(403);
    const reply = await ctx.http
      .post(`/api/tickets/${id}/messages`)
      .set(staff.auth)
      .send({ body: 'We are on it, grew the disk' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ fromStaff: true, internal: false });
    const note = await ctx.http
      .post(`/api/tickets/${id}/messages`)
      .set(staff.auth)
      .send({ body: 'INTERNAL: customer over quota again', internal: true });
    expect(note.status).toBe(201);

    const seen = await ctx.http.get(`/api/tickets/${id}`).set(userA.auth);
    expect(seen.status).toBe(200);
    expect(seen.body.status).toBe('waiting_customer');
    expect(seen.body.firstResponseAt).not.toBeNull();
    expect(seen.body.messages.map((m: { body: string }) => m.body)).toEqual([
      'We are on it, grew the disk',
    ]);
    expect(JSON.stringify(seen.body)).not.toContain('INTERNAL');
    const staffView = await ctx.http.get(`/api/tickets/${id}`).set(staff.auth);
    expect(staffView.body.messages).toHaveLength(2);

    // The customer's answer moves it back to the MSP.
    await ctx.http.post(`/api/tickets/${id}/messages`).set(userA.auth).send({ body: 'Thanks!' });
    expect((await ctx.http.get(`/api/tickets/${id}`).set(staff.auth)).body.status).toBe(
      'waiting_msp',
    );
    // The reply reached the customer's inbox; the note never did.
    await mailTo(userEmail, 'We are on it, grew the disk');
    await mailTo(staffEmail, 'Thanks!');
    await mailTo(staffEmail, 'INTERNAL: customer over quota again').catch(() => undefined);
    expect(mails.filter((m) => m.includes('INTERNAL') && m.includes(`To: ${userEmail}`))).toEqual(
      [],
    );
  });

  it('lets staff assign and set any status, customers only resolve, close or reopen', async () => {
    const id = (await open(userA, {})).body.id as string;
    const patch = (auth: LoggedIn, body: Record<string, unknown>) =>
      ctx.http.patch(`/api/tickets/${id}`).set(auth.auth).send(body);
    expect((await patch(userA, { assigneeId: staffId })).status).toBe(403);
    expect((await patch(userA, { status: 'waiting_msp' })).status).toBe(403);
    expect((await patch(staff, { assigneeId: userAId })).status).toBe(400);
    const assigned = await patch(staff, { assigneeId: staffId, priority: 'high' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assignee: { id: staffId }, priority: 'high' });
    const mine = await ctx.http.get('/api/tickets?view=mine').set(staff.auth);
    expect(mine.body.items.map((t: { id: string }) => t.id)).toContain(id);
    const unassigned = await ctx.http.get('/api/tickets?view=unassigned').set(staff.auth);
    expect(unassigned.body.items.map((t: { id: string }) => t.id)).not.toContain(id);
    const resolved = await patch(userA, { status: 'resolved' });
    expect(resolved.body).toMatchObject({ status: 'resolved' });
    expect(resolved.body.resolvedAt).not.toBeNull();
    expect((await patch(userA, { status: 'open' })).body.status).toBe('open');
    await mailTo(staffEmail, 'is now open');
  });

  it('stores attachments on disk, checks type and size, and serves them only as downloads', async () => {
    const id = (await open(userA, { subject: 'Screenshot attached' })).body.id as string;
    const up = await ctx.http
      .post(`/api/tickets/${id}/attachments?fileName=screen%20shot.png`)
      .set(userA.auth)
      .set('Content-Type', 'image/png')
      .send(PNG);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ fileName: 'screen shot.png', size: PNG.length });
    const down = await ctx.http
      .get(`/api/tickets/${id}/attachments/${up.body.id}`)
      .set(adminA.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(down.status).toBe(200);
    expect(Buffer.compare(down.body as Buffer, PNG)).toBe(0);
    expect(down.headers['content-disposition']).toMatch(/^attachment;/);
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(
      (await ctx.http.get(`/api/tickets/${id}/attachments/${up.body.id}`).set(adminB.auth)).status,
    ).toBe(404);

    const send = (type: string, body: Buffer | string, name = 'x.bin') =>
      ctx.http
        .post(`/api/tickets/${id}/attachments?fileName=${name}`)
        .set(userA.auth)
        .set('Content-Type', type)
        .send(body);
    expect((await send('text/html', '<html><script>alert(1)</script>')).status).toBe(415);
    expect((await send('image/png', Buffer.from('<html>not a png</html>'))).status).toBe(415);
    expect((await send('text/plain', '<!doctype html><script>x</script>')).status).toBe(415);
    expect((await send('text/plain', 'plain log output', 'log.txt')).status).toBe(201);
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
    expect((await send('image/png', big)).status).toBe(413);

    // A file on a staff note is staff only.
    const note = await ctx.http
      .post(`/api/tickets/${id}/messages`)
      .set(staff.auth)
      .send({ body: 'our diagnostics', internal: true });
    const internal = await ctx.http
      .post(`/api/tickets/${id}/attachments?fileName=diag.txt&messageId=${note.body.id}`)
      .set(staff.auth)
      .set('Content-Type', 'text/plain')
      .send('internal diagnostics');
    expect(internal.body.internal).toBe(true);
    const seen = await ctx.http.get(`/api/tickets/${id}`).set(userA.auth);
    expect(seen.body.attachments.map((a: { fileName: string }) => a.fileName).sort()).toEqual([
      'log.txt',
      'screen shot.png',
    ]);
    expect(
      (await ctx.http.get(`/api/tickets/${id}/attachments/${internal.body.id}`).set(userA.auth))
        .status,
    ).toBe(404);
    expect(
      (await ctx.http.get(`/api/tickets/${id}/attachments/${internal.body.id}`).set(staff.auth))
        .status,
    ).toBe(200);
  });

  it('pages and filters the list on the server', async () => {
    const company = await ctx.newCompany();
    const admin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: company.id }),
    );
    for (let i = 0; i < 7; i++) {
      await open(admin, { subject: `Paged ticket ${i}`, priority: i % 2 ? 'urgent' : 'low' });
    }
    const page2 = await ctx.http.get('/api/tickets?page=2&pageSize=3').set(admin.auth);
    expect(page2.body).toMatchObject({ total: 7, page: 2, pageSize: 3 });
    expect(page2.body.items).toHaveLength(3);
    const urgent = await ctx.http.get('/api/tickets?priority=urgent').set(admin.auth);
    expect(urgent.body.total).toBe(3);
    expect((await ctx.http.get('/api/tickets?pageSize=1000').set(admin.auth)).status).toBe(400);
  });

  it('links a job of the company and carries its last log lines', async () => {
    const job = await ctx.prisma.job.create({
      data: {
        type: 'vm.power',
        status: 'failed',
        companyId: acme,
        params: { action: 'start' },
        logs: { create: [{ line: 'starting' }, { line: 'TASK ERROR: no space left' }] },
      },
    });
    const t = await open(adminA, { jobId: job.id, subject: 'Start failed' });
    expect(t.status).toBe(201);
    expect(t.body.context).toEqual({ jobLog: ['starting', 'TASK ERROR: no space left'] });
    expect((await open(adminB, { jobId: job.id })).status).toBe(404);
  });

  it("removes a deleted company's tickets and their files on disk", async () => {
    const gone = await ctx.newCompany();
    const admin = await ctx.newUser({ role: 'company_admin', companyId: gone.id });
    const login = await ctx.login(admin);
    const t = await open(login, { subject: 'Before we leave' });
    expect(t.status).toBe(201);
    const up = await ctx.http
      .post(`/api/tickets/${t.body.id}/attachments?fileName=last.png`)
      .set(login.auth)
      .set('content-type', 'image/png')
      .send(PNG);
    expect(up.status).toBe(201);
    const dir = join(dataDir, 'tickets', gone.id);
    await expect(access(join(dir, up.body.id))).resolves.toBeUndefined();
    const root = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
    await ctx.prisma.user.deleteMany({ where: { companyId: gone.id } });
    expect((await ctx.http.delete(`/api/companies/${gone.id}`).set(root.auth)).status).toBe(204);
    expect(await ctx.prisma.ticket.count({ where: { companyId: gone.id } })).toBe(0);
    expect(await ctx.prisma.ticketAttachment.count({ where: { companyId: gone.id } })).toBe(0);
    await expect(access(dir)).rejects.toThrow(/ENOENT/);
    // Another company's tickets stay.
    expect(await ctx.prisma.ticket.count({ where: { companyId: acme } })).toBeGreaterThan(0);
  });
});
