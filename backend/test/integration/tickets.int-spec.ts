import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { AppConfig } from '../../src/config/app-config';
import { CoreModule } from '../../src/core.module';
import { AlertsModule } from '../../src/modules/alerts/alerts.module';
import { JobsModule } from '../../src/modules/jobs/jobs.module';
import { TicketSlaService } from '../../src/modules/tickets/ticket-sla.service';
import { TicketsModule } from '../../src/modules/tickets/tickets.module';
import { expectApiResponse } from '../helpers/api-response';
import { clusterFor, guestAndTemplate } from '../helpers/foreign-resources';
import { isolatedEnv } from '../helpers/isolated-env';
import { startSmtpSink } from '../helpers/smtp-sink';
import { TestContext, type LoggedIn } from '../helpers/test-context';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
]);

const RELAY_SECRET = 'relay-secret-for-the-tickets-suite';
// Round the clock, every day: due times are plain arithmetic (the business-hours case is hand
// computed in ticket-sla.spec.ts).
const ALWAYS = Array.from({ length: 7 }, () => [0, 1440]);
const MIN = 60_000;

describe('support tickets', () => {
  let isolated: Awaited<ReturnType<typeof isolatedEnv>>;
  let ctx: TestContext;
  let worker: INestApplicationContext;
  let smtp: SMTPServer;
  let dataDir: string;
  const mails: string[] = [];
  let acme: string;
  let globex: string;
  let userA: LoggedIn;
  let userAId: string;
  let otherUserA: LoggedIn;
  let otherUserAId: string;
  let otherUserEmail: string;
  let adminBEmail: string;
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
        TICKET_REPLY_ADDRESS: 'support@mp.test',
        INBOUND_MAIL_SECRET: RELAY_SECRET,
      },
    });
    const config = ctx.config;
    @Module({
      imports: [
        CoreModule.forRoot(config),
        JobsModule.forWorker({ strict: false, schedulers: false, pollIntervalMs: 100 }),
        TicketsModule.forWorker(),
        // Delivers the "SLA breached" alert on the policy's channels.
        AlertsModule.forWorker(),
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
    globex = b.id;
    // The company's mails come from its branding's sender.
    await ctx.prisma.branding.create({
      data: { owner: a.id, mailFromName: 'Acme Help', mailFromAddress: 'help@acme.test' },
    });
    // Its people open tickets on its mapped host; staff keep PUBLIC_URL (own database: no clash).
    await ctx.prisma.brandingHost.create({ data: { host: 'portal.acme.test', companyId: a.id } });
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
    const other = await ctx.newUser({ role: 'user', companyId: a.id });
    otherUserAId = other.id;
    otherUserEmail = other.email;
    otherUserA = await ctx.login(other);
    adminA = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: a.id }));
    const bAdmin = await ctx.newUser({ role: 'company_admin', companyId: b.id });
    adminBEmail = bAdmin.email;
    adminB = await ctx.login(bAdmin);
    const s = await ctx.newUser({ role: 'salesperson' });
    await ctx.assignSales(s.id, a.id);
    staffId = s.id;
    staffEmail = s.email;
    staff = await ctx.login(s);
    // An own database is copied first: slow on a loaded machine.
  }, 120_000);
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
    expectApiResponse('POST /tickets', created);
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
    expectApiResponse('POST /tickets/:id/messages', reply);
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
    const toCustomer = await mailTo(userEmail, 'We are on it, grew the disk');
    expect(toCustomer).toContain(`https://portal.acme.test/tickets/${id}`);
    expect(toCustomer).not.toContain('http://mp.test');
    expect(await mailTo(staffEmail, 'Thanks!')).toContain(`http://mp.test/tickets/${id}`);
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
    const assignees = await ctx.http.get('/api/tickets/assignees').set(staff.auth);
    expectApiResponse('GET /tickets/assignees', assignees);
    expect(assignees.body.map((p: { id: string }) => p.id)).toContain(staffId);
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
    expectApiResponse('POST /tickets/:id/attachments', up);
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
    // The company's activity log names the customer's files, never one of a staff note.
    const log = await ctx.http.get('/api/activity?action=ticket.attach').set(adminA.auth);
    expect(log.status).toBe(200);
    const logged = JSON.stringify(log.body.items);
    expect(logged).toContain('screen shot.png');
    expect(logged).toContain(internal.body.id);
    expect(logged).not.toContain('diag.txt');
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

  it('walks the list by keyset cursor: every ticket once, in order, the last page without one', async () => {
    const company = await ctx.newCompany();
    const admin = await ctx.login(
      await ctx.newUser({ role: 'company_admin', companyId: company.id }),
    );
    for (let i = 0; i < 5; i++) await open(admin, { subject: `Keyset ticket ${i}` });
    // Two tickets on the same millisecond: the id breaks the tie, neither is skipped.
    const same = new Date();
    await ctx.prisma.ticket.updateMany({
      where: { companyId: company.id, subject: { in: ['Keyset ticket 1', 'Keyset ticket 2'] } },
      data: { lastActivityAt: same },
    });
    const all = await ctx.http.get('/api/tickets?pageSize=5').set(admin.auth);
    expect(all.body).toMatchObject({ total: 5, totalCapped: false, nextCursor: null });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: {
        status: number;
        body: { items: Array<{ id: string }>; nextCursor: string | null };
      } = await ctx.http
        .get(`/api/tickets?pageSize=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(admin.auth);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((t) => t.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.body.items.map((t: { id: string }) => t.id));
    const bad = await ctx.http.get('/api/tickets?cursor=nonsense').set(admin.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/cursor/);
    const both = await ctx.http
      .get(`/api/tickets?page=2&cursor=${'0'.repeat(12)}.${company.id}`)
      .set(admin.auth);
    expect(both.status).toBe(400);
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

  it('links an alert, a backup run and a firewall of the company, never another company’s', async () => {
    const guest = await ctx.prisma.guest.findUniqueOrThrow({ where: { id: grantedGuest } });
    const rule = await ctx.prisma.alertRule.create({
      data: {
        companyId: acme,
        name: ctx.unique('cpu'),
        metric: 'guest_cpu',
        threshold: 90,
        forSec: 0,
        severity: 'critical',
        repeatSec: 0,
      },
    });
    const alert = await ctx.prisma.alert.create({
      data: {
        ruleId: rule.id,
        companyId: acme,
        guestId: guest.id,
        target: `guest:${guest.id}`,
        targetLabel: 'web-1',
        state: 'firing',
        severity: 'critical',
        value: 97.5,
        since: new Date('2026-12-01T09:00:00Z'),
        events: {
          create: [
            { kind: 'opened', at: new Date('2026-12-01T09:00:00Z') },
            { kind: 'fired', at: new Date('2026-12-01T09:05:00Z') },
          ],
        },
      },
    });
    const run = await ctx.prisma.backupRun.create({
      data: {
        companyId: acme,
        trigger: 'manual',
        status: 'partial',
        storage: 'local',
        plannedAt: new Date(),
        results: {
          create: [
            {
              companyId: acme,
              guestId: guest.id,
              clusterId: guest.clusterId,
              node: 'pve1',
              vmid: guest.vmid,
              guestName: 'web-1',
              status: 'failed',
              error: 'storage local is full',
            },
          ],
        },
      },
    });
    const firewall = (name: string, companyId: string) =>
      ctx.prisma.firewall.create({
        data: {
          companyId,
          name: ctx.unique(name),
          url: 'https://127.0.0.1:1',
          apiKey: 'x',
          apiSecret: 'x',
          fingerprint: 'AB',
        },
      });
    const fwA = await firewall('edge-a', acme);
    const fwB = await firewall('edge-b', globex);
    await ctx.prisma.firewall.update({
      where: { id: fwA.id },
      data: { version: '26.1', lastError: 'connect ETIMEDOUT' },
    });
    const change = (firewallId: string, status: string, reason: string | null, at: string) =>
      ctx.prisma.firewallChange.create({
        data: {
          firewallId,
          companyId: acme,
          status,
          operations: [],
          diff: [],
          note: 'open 443',
          reason,
          createdAt: new Date(at),
        },
      });
    await change(fwA.id, 'failed', 'rule refused: bad port', '2026-12-01T10:00:00.000Z');
    await change(fwA.id, 'applied', null, '2026-12-01T11:00:00.000Z');

    const t = await open(adminA, {
      alertId: alert.id,
      backupRunId: run.id,
      firewallId: fwA.id,
      subject: 'CPU and backups',
    });
    expect(t.status).toBe(201);
    expect(t.body).toMatchObject({
      alertId: alert.id,
      backupRunId: run.id,
      firewallId: fwA.id,
      firewallName: fwA.name,
    });
    expect(t.body.context.alert).toEqual([
      `Rule: ${rule.name} (guest_cpu, threshold 90) on web-1`,
      'Value: 97.5 · firing · critical since 2026-12-01T09:00:00.000Z',
      '2026-12-01T09:00:00.000Z · opened',
      '2026-12-01T09:05:00.000Z · fired',
    ]);
    expect(t.body.context.backupFailures).toEqual([`web-1 (${guest.vmid}): storage local is full`]);
    expect(t.body.context.firewall).toEqual([
      `Firewall: ${fwA.name} (https://127.0.0.1:1) · OPNsense 26.1`,
      'Status: unreachable · last seen never',
      'Last error: connect ETIMEDOUT',
      'Change failed 2026-12-01T10:00:00.000Z (open 443): rule refused: bad port',
    ]);
    // Read back, the links stay.
    const read = await ctx.http.get(`/api/tickets/${t.body.id}`).set(adminA.auth);
    expect(read.body).toMatchObject({ alertId: alert.id, firewallName: fwA.name });
    // Staff open one with no company named: the company is the alert's.
    const byStaff = await open(staff, { alertId: alert.id });
    expect(byStaff.status).toBe(201);
    expect(byStaff.body.companyId).toBe(acme);

    // Another company's resources: 404, as for a guest or job.
    expect((await open(adminB, { alertId: alert.id })).status).toBe(404);
    expect((await open(adminB, { backupRunId: run.id })).status).toBe(404);
    expect((await open(adminB, { firewallId: fwA.id })).status).toBe(404);
    expect((await open(adminA, { firewallId: fwB.id })).status).toBe(404);
    // Staff naming Acme with Globex's firewall: it is not Acme's.
    const mixed = await open(staff, { companyId: acme, firewallId: fwB.id });
    expect(mixed.status).toBe(404);
    // A plain user without monitoring.read may not link an alert.
    expect((await open(userA, { alertId: alert.id })).status).toBe(403);
    expect((await open(adminA, { alertId: 'not-a-uuid' })).status).toBe(400);
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

  describe('SLA', () => {
    const policy = (firstResponseMinutes: number, resolutionMinutes: number) => {
      const t = { firstResponseMinutes, resolutionMinutes };
      return {
        targets: {
          low: t,
          normal: t,
          high: { firstResponseMinutes: 5, resolutionMinutes: 30 },
          urgent: t,
        },
        days: ALWAYS,
        holidays: [],
      };
    };

    it('lets the company’s staff set its policy; customers read it; other companies see nothing', async () => {
      const url = `/api/companies/${acme}/ticket-sla`;
      expect((await ctx.http.put(url).set(adminA.auth).send(policy(60, 480))).status).toBe(403);
      // Customers of another company lack the permission; MSP staff of another company find nothing.
      expect((await ctx.http.put(url).set(adminB.auth).send(policy(60, 480))).status).toBe(403);
      const otherSales = await ctx.login(await ctx.newUser({ role: 'salesperson' }));
      expect((await ctx.http.put(url).set(otherSales.auth).send(policy(60, 480))).status).toBe(404);
      expect((await ctx.http.get(url).set(adminB.auth)).status).toBe(404);
      const bad = await ctx.http
        .put(url)
        .set(staff.auth)
        .send({ ...policy(60, 480), days: [[600, 540], null, null, null, null, null, null] });
      expect(bad.status).toBe(400);
      // A salesperson may not set the MSP's default.
      expect(
        (await ctx.http.put('/api/tickets/sla-policy').set(staff.auth).send(policy(60, 480)))
          .status,
      ).toBe(403);
      const saved = await ctx.http.put(url).set(staff.auth).send(policy(60, 480));
      expect(saved.status).toBe(200);
      expectApiResponse('PUT /companies/:id/ticket-sla', saved);
      expect(saved.body).toMatchObject({ companyId: acme, own: true, utcOffsetMinutes: 0 });
      const read = await ctx.http.get(url).set(adminA.auth);
      expectApiResponse('GET /companies/:id/ticket-sla', read);
      expect(read.body.targets.normal).toEqual({
        firstResponseMinutes: 60,
        resolutionMinutes: 480,
      });
    });

    it('lists the policies set to staff, each caller its companies’ only', async () => {
      const mine = await ctx.newCompany();
      const foreign = await ctx.newCompany();
      const sales = await ctx.newUser({ role: 'salesperson' });
      await ctx.assignSales(sales.id, mine.id);
      const seller = await ctx.login(sales);
      const operator = await ctx.login(await ctx.newUser({ role: 'super_admin' }));
      for (const id of [mine.id, foreign.id]) {
        const put = await ctx.http
          .put(`/api/companies/${id}/ticket-sla`)
          .set(operator.auth)
          .send(policy(30, 240));
        expect(put.status).toBe(200);
      }
      const owners = (body: Array<{ companyId: string | null }>) => body.map((p) => p.companyId);
      const all = await ctx.http.get('/api/tickets/sla-policies').set(operator.auth);
      expectApiResponse('GET /tickets/sla-policies', all);
      expect(owners(all.body)).toEqual(expect.arrayContaining([mine.id, foreign.id]));
      const own = await ctx.http.get('/api/tickets/sla-policies').set(seller.auth);
      expect(owners(own.body)).toContain(mine.id);
      expect(owners(own.body)).not.toContain(foreign.id);
      expect(own.body.find((p: { companyId: string }) => p.companyId === mine.id)).toMatchObject({
        companyName: mine.name,
        own: true,
        targets: { normal: { firstResponseMinutes: 30, resolutionMinutes: 240 } },
      });
      // Another company's id looks like a missing one; customers lack the permission.
      const other = await ctx.http
        .get(`/api/tickets/sla-policies?companyId=${foreign.id}`)
        .set(seller.auth);
      expect(other.status).toBe(404);
      const one = await ctx.http
        .get(`/api/tickets/sla-policies?companyId=${mine.id}`)
        .set(seller.auth);
      expect(owners(one.body)).toEqual([mine.id]);
      expect((await ctx.http.get('/api/tickets/sla-policies').set(adminA.auth)).status).toBe(403);
    });

    it('computes due times, pauses while waiting on the customer, and the sweep marks breaches once', async () => {
      await ctx.http.put(`/api/companies/${acme}/ticket-sla`).set(staff.auth).send(policy(60, 480));
      const before = Date.now();
      const t = (await open(adminA, { subject: 'SLA clock ticket', priority: 'high' })).body;
      // high: 5 min first response, 30 min resolution, round the clock.
      const frDue = Date.parse(t.sla.firstResponseDueAt);
      expect(frDue).toBeGreaterThanOrEqual(before + 5 * MIN - 1000);
      expect(frDue).toBeLessThanOrEqual(Date.now() + 5 * MIN + 1000);
      expect(Date.parse(t.sla.resolutionDueAt) - frDue).toBeGreaterThanOrEqual(25 * MIN - 1000);
      expect(t.sla).toMatchObject({ paused: false, firstResponseBreachedAt: null });
      const listed = await ctx.http.get('/api/tickets?search=SLA%20clock').set(adminA.auth);
      expect(listed.body.items[0].sla.firstResponseDueAt).toBe(t.sla.firstResponseDueAt);

      // Staff set it to waiting on the customer: paused, nothing due, so nothing can breach.
      const paused = await ctx.http
        .patch(`/api/tickets/${t.id}`)
        .set(staff.auth)
        .send({ status: 'waiting_customer' });
      expect(paused.body.sla).toMatchObject({
        paused: true,
        firstResponseDueAt: null,
        resolutionDueAt: null,
      });
      const sla = worker.get(TicketSlaService);
      await sla.sweep(new Date(Date.now() + 60 * MIN));
      let row = await ctx.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } });
      expect(row.firstResponseBreachedAt).toBeNull();

      // The customer answers: the clock runs again with what was left (under 5 min of 5 used).
      await ctx.http
        .post(`/api/tickets/${t.id}/messages`)
        .set(adminA.auth)
        .send({ body: 'More info' });
      row = await ctx.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } });
      expect(row.slaRunningSince).not.toBeNull();
      expect(row.firstResponseDueAt!.getTime()).toBeLessThanOrEqual(Date.now() + 5 * MIN);
      const late = new Date(row.firstResponseDueAt!.getTime() + 1000);
      await sla.sweep(late);
      row = await ctx.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } });
      expect(row.firstResponseBreachedAt).toEqual(late);
      expect(row.resolutionBreachedAt).toBeNull();
      // Idempotent: a second sweep keeps the first mark.
      await sla.sweep(new Date(late.getTime() + 1000));
      expect(
        (await ctx.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } }))
          .firstResponseBreachedAt,
      ).toEqual(late);
      // Shown in the ticket and the "breaching" view; the staff hear of it by mail.
      const shown = await ctx.http.get(`/api/tickets/${t.id}`).set(adminA.auth);
      expect(shown.body.sla.firstResponseBreachedAt).toBe(late.toISOString());
      const breaching = await ctx.http.get('/api/tickets?view=breaching').set(staff.auth);
      expect(breaching.body.items.map((x: { id: string }) => x.id)).toContain(t.id);
      const other = await ctx.http.get('/api/tickets?view=breaching').set(adminB.auth);
      expect(other.body.items.map((x: { id: string }) => x.id)).not.toContain(t.id);
      await mailTo(staffEmail, 'first response target of "SLA clock ticket"');

      // A staff reply answers it: no first response due any more.
      const answered = await ctx.http
        .post(`/api/tickets/${t.id}/messages`)
        .set(staff.auth)
        .send({ body: 'Looking now' });
      expect(answered.status).toBe(201);
      row = await ctx.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } });
      expect(row.firstResponseDueAt).toBeNull();
      expect(row.firstResponseAt).not.toBeNull();
    });
  });

  describe('SLA warnings, breach alerts and monthly figures', () => {
    const targets = (firstResponseMinutes: number, resolutionMinutes: number) => {
      const t = { firstResponseMinutes, resolutionMinutes };
      return { low: t, normal: t, high: t, urgent: t };
    };
    const countMails = (to: string, containing: string) =>
      mails.filter((x) => x.includes(`To: ${to}`) && x.includes(containing)).length;

    it('warns the assignee once at 80 %, and on breach alerts the channels the policy names', async () => {
      const c = await ctx.newCompany();
      await ctx.assignSales(staffId, c.id);
      const adminUser = await ctx.newUser({ role: 'company_admin', companyId: c.id });
      const admin = await ctx.login(adminUser);
      const channel = await ctx.prisma.notificationChannel.create({
        data: {
          companyId: c.id,
          name: 'SLA alerts',
          type: 'email',
          config: { to: ['sla-alerts@warn.test'] },
        },
      });
      const foreignChannel = await ctx.prisma.notificationChannel.create({
        data: { companyId: acme, name: 'not theirs', type: 'email', config: { to: [] } },
      });
      // The company's channel hears from its sender, with links to its portal host.
      const host = `sla-${c.id.slice(0, 8)}.test`;
      await ctx.prisma.brandingHost.create({ data: { host, companyId: c.id } });
      await ctx.prisma.branding.create({
        data: { owner: c.id, mailFromName: 'Warn Co', mailFromAddress: 'alerts@warn.test' },
      });
      const url = `/api/companies/${c.id}/ticket-sla`;
      const body = { targets: targets(10, 100), days: ALWAYS, holidays: [] };
      // Another company's channel is refused as missing.
      const refused = await ctx.http
        .put(url)
        .set(staff.auth)
        .send({ ...body, breachChannelIds: [foreignChannel.id] });
      expect(refused.status).toBe(404);
      const saved = await ctx.http
        .put(url)
        .set(staff.auth)
        .send({ ...body, breachChannelIds: [channel.id] });
      expect(saved.status).toBe(200);
      expect(saved.body.breachChannelIds).toEqual([channel.id]);

      const t = (await open(admin, { subject: 'SLA warn ticket', companyId: c.id })).body;
      await ctx.http.patch(`/api/tickets/${t.id}`).set(staff.auth).send({ assigneeId: staffId });
      let row = await ctx.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } });
      // 80 % of 10 min first response = 8 min after opening.
      const due = row.firstResponseDueAt!.getTime();
      expect(due - row.firstResponseWarnAt!.getTime()).toBe(2 * MIN);
      const sla = worker.get(TicketSlaService);
      // Before 80 %: nothing.
      await sla.sweep(new Date(due - 2 * MIN - 1000));
      row = await ctx.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } });
      expect(row.firstResponseWarnedAt).toBeNull();
      // At 80 %: warned once, the assignee mailed; a second sweep sends nothing more.
      const warnAt = new Date(due - 90_000);
      await sla.sweep(warnAt);
      await sla.sweep(new Date(due - 60_000));
      row = await ctx.prisma.ticket.findUniqueOrThrow({ where: { id: t.id } });
      expect(row.firstResponseWarnedAt).toEqual(warnAt);
      expect(row.firstResponseBreachedAt).toBeNull();
      await mailTo(staffEmail, '80 % of the first response target of "SLA warn ticket"');
      await new Promise((r) => setTimeout(r, 500));
      expect(countMails(staffEmail, '80 % of the first response target of "SLA warn ticket"')).toBe(
        1,
      );
      // The customer hears nothing of it.
      expect(mails.some((m) => m.includes('80 %') && m.includes(adminUser.email))).toBe(false);

      // Breached: the staff mail and an "SLA breached" alert on the channel, delivered and recorded.
      await sla.sweep(new Date(due + 1000));
      const alertMail = await mailTo(
        'sla-alerts@warn.test',
        'The first response target of ticket "SLA warn ticket"',
      );
      expect(alertMail).toContain(`https://${host}/tickets/${t.id}`);
      expect(alertMail).not.toContain('http://mp.test');
      expect(alertMail).toMatch(/^From: "?Warn Co"? <alerts@warn\.test>/m);
      let delivery = null;
      for (let i = 0; i < 100 && delivery?.status !== 'sent'; i++) {
        delivery = await ctx.prisma.alertDelivery.findFirst({ where: { channelId: channel.id } });
        if (delivery?.status !== 'sent') await new Promise((r) => setTimeout(r, 100));
      }
      expect(delivery).toMatchObject({ event: 'sla_breach', status: 'sent', alertId: null });
      // Once: another sweep queues no second alert.
      await sla.sweep(new Date(due + 2000));
      expect(await ctx.prisma.alertDelivery.count({ where: { channelId: channel.id } })).toBe(1);
    });

    it('removes a company’s own policy (it falls back to the default); only staff may', async () => {
      const c = await ctx.newCompany();
      await ctx.assignSales(staffId, c.id);
      const admin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: c.id }));
      const url = `/api/companies/${c.id}/ticket-sla`;
      await ctx.http
        .put(url)
        .set(staff.auth)
        .send({ targets: targets(30, 300), days: ALWAYS, holidays: [] });
      expect((await ctx.http.delete(url).set(admin.auth)).status).toBe(403);
      expect((await ctx.http.delete(url).set(adminB.auth)).status).toBe(403);
      expect((await ctx.http.delete(url).set(staff.auth)).status).toBe(204);
      expect((await ctx.http.delete(url).set(staff.auth)).status).toBe(404);
      const read = await ctx.http.get(url).set(admin.auth);
      expect(read.body === null || read.body.own === false).toBe(true);
      // The default is the operators': a salesperson may not remove it.
      expect((await ctx.http.delete('/api/tickets/sla-policy').set(staff.auth)).status).toBe(403);
    });

    it('reports a month’s tickets, targets met and breaches per company, each caller its own', async () => {
      const c = await ctx.newCompany();
      await ctx.assignSales(staffId, c.id);
      const admin = await ctx.login(await ctx.newUser({ role: 'company_admin', companyId: c.id }));
      await ctx.http
        .put(`/api/companies/${c.id}/ticket-sla`)
        .set(staff.auth)
        .send({ targets: targets(30, 300), days: ALWAYS, holidays: [] });
      const ids: string[] = [];
      for (const subject of ['r1', 'r2', 'r3', 'r4']) {
        ids.push((await open(admin, { subject: `Report ${subject}`, companyId: c.id })).body.id);
      }
      const now = new Date();
      // One first response and one resolution breached; one ticket opened the month before.
      await ctx.prisma.ticket.update({
        where: { id: ids[0] },
        data: { firstResponseBreachedAt: now },
      });
      await ctx.prisma.ticket.update({
        where: { id: ids[1] },
        data: { firstResponseBreachedAt: now, resolutionBreachedAt: now },
      });
      await ctx.prisma.ticket.update({
        where: { id: ids[3] },
        data: { createdAt: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 1) },
      });
      const month = now.toISOString().slice(0, 7);
      const got = await ctx.http
        .get(`/api/tickets/sla-report?month=${month}&companyId=${c.id}`)
        .set(staff.auth);
      expectApiResponse('GET /tickets/sla-report', got);
      expect(got.body).toEqual({
        month,
        rows: [
          {
            companyId: c.id,
            companyName: c.name,
            tickets: 3,
            firstResponseMetPct: 33.3,
            resolutionMetPct: 66.7,
            firstResponseBreaches: 2,
            resolutionBreaches: 1,
          },
        ],
      });
      // The company admin sees their own company only, with or without the filter.
      const own = await ctx.http.get(`/api/tickets/sla-report?month=${month}`).set(admin.auth);
      expect(own.body.rows.map((r: { companyId: string }) => r.companyId)).toEqual([c.id]);
      const otherAdmin = await ctx.http
        .get(`/api/tickets/sla-report?month=${month}&companyId=${c.id}`)
        .set(adminB.auth);
      expect(otherAdmin.status).toBe(404);
      const mine = await ctx.http.get(`/api/tickets/sla-report?month=${month}`).set(adminB.auth);
      expect(mine.body.rows.map((r: { companyId: string }) => r.companyId)).not.toContain(c.id);
      // A user has no figures; a bad month is a clear 400.
      expect(
        (await ctx.http.get(`/api/tickets/sla-report?month=${month}`).set(userA.auth)).status,
      ).toBe(403);
      const bad = await ctx.http.get('/api/tickets/sla-report?month=2026-13').set(staff.auth);
      expect(bad.status).toBe(400);
    });
  });

  describe('watchers', () => {
    it('adds users of the company or its staff, never another company’s; watchers see and hear', async () => {
      const id = (await open(adminA, { subject: 'Watched ticket' })).body.id as string;
      const url = `/api/tickets/${id}/watchers`;
      // A user of role `user` cannot see it yet.
      expect((await ctx.http.get(`/api/tickets/${id}`).set(otherUserA.auth)).status).toBe(404);
      // Another company: the ticket is missing; its users look missing too.
      expect(
        (await ctx.http.post(url).set(adminB.auth).send({ userId: otherUserAId })).status,
      ).toBe(404);
      const foreign = await ctx.prisma.user.findUniqueOrThrow({ where: { email: adminBEmail } });
      expect((await ctx.http.post(url).set(adminA.auth).send({ userId: foreign.id })).status).toBe(
        404,
      );
      // Only a whole-company caller adds someone else; a `user` adds only itself.
      expect((await ctx.http.post(url).set(userA.auth).send({ userId: otherUserAId })).status).toBe(
        404,
      );
      const added = await ctx.http.post(url).set(adminA.auth).send({ userId: otherUserAId });
      expect(added.status).toBe(201);
      expectApiResponse('POST /tickets/:id/watchers', added);
      expect(added.body.map((p: { id: string }) => p.id)).toEqual([otherUserAId]);
      expect((await ctx.http.post(url).set(staff.auth).send({ userId: staffId })).status).toBe(201);
      // Now the watcher sees it, in "mine" too, and hears of public replies but not notes.
      const seen = await ctx.http.get(`/api/tickets/${id}`).set(otherUserA.auth);
      expect(seen.status).toBe(200);
      expect(seen.body.watchers.map((p: { id: string }) => p.id).sort()).toEqual(
        [otherUserAId, staffId].sort(),
      );
      const mine = await ctx.http.get('/api/tickets?view=mine').set(otherUserA.auth);
      expect(mine.body.items.map((t: { id: string }) => t.id)).toContain(id);
      expect(
        (
          await ctx.http
            .post(`/api/tickets/${id}/watchers`)
            .set(otherUserA.auth)
            .send({ userId: staffId })
        ).status,
      ).toBe(403);
      await ctx.http
        .post(`/api/tickets/${id}/messages`)
        .set(staff.auth)
        .send({ body: 'WATCHNOTE internal', internal: true });
      await ctx.http
        .post(`/api/tickets/${id}/messages`)
        .set(staff.auth)
        .send({ body: 'Public answer for watchers' });
      await mailTo(otherUserEmail, 'Public answer for watchers');
      expect(
        mails.filter((m) => m.includes(`To: ${otherUserEmail}`) && m.includes('WATCHNOTE')),
      ).toEqual([]);
      // Removing: the watcher itself; then it is gone (404 again) and the ticket hidden again.
      expect((await ctx.http.delete(`${url}/${otherUserAId}`).set(otherUserA.auth)).status).toBe(
        204,
      );
      expect((await ctx.http.delete(`${url}/${otherUserAId}`).set(adminA.auth)).status).toBe(404);
      expect((await ctx.http.get(`/api/tickets/${id}`).set(otherUserA.auth)).status).toBe(404);
      expect((await ctx.http.delete(`${url}/${staffId}`).set(adminB.auth)).status).toBe(404);
    });
  });

  describe('mentions', () => {
    it('notifies and stores staff of the company only; customers may mention only the assignee', async () => {
      const s2 = await ctx.newUser({ role: 'salesperson' });
      await ctx.assignSales(s2.id, acme);
      const s2Login = await ctx.login(s2);
      // A salesperson of another company: never offered, never stored, never told.
      const outsider = await ctx.newUser({ role: 'salesperson' });
      await ctx.assignSales(outsider.id, globex);
      const outsiderLogin = await ctx.login(outsider);
      const handle = (email: string) => email.split('@')[0];
      const id = (await open(adminA, { subject: 'Mentions ticket' })).body.id as string;
      const url = `/api/tickets/${id}/mentionable`;

      const offered = await ctx.http
        .get(url)
        .query({ q: handle(s2.email) })
        .set(staff.auth);
      expectApiResponse('GET /tickets/:id/mentionable', offered);
      expect(offered.body).toEqual([
        { id: s2.id, name: s2.name, email: s2.email, handle: handle(s2.email) },
      ]);
      const all = await ctx.http.get(url).set(staff.auth);
      const ids = all.body.map((p: { id: string }) => p.id);
      expect(ids).toContain(s2.id);
      expect(ids).not.toContain(outsider.id);
      expect(ids).not.toContain(staffId);
      expect(
        (
          await ctx.http
            .get(url)
            .query({ q: 'x'.repeat(101) })
            .set(staff.auth)
        ).status,
      ).toBe(400);
      expect((await ctx.http.get(url).set(adminB.auth)).status).toBe(404);
      expect((await ctx.http.get(url).set(outsiderLogin.auth)).status).toBe(404);

      // An internal note mentioning a colleague and an outsider: only the colleague counts.
      const note = await ctx.http
        .post(`/api/tickets/${id}/messages`)
        .set(staff.auth)
        .send({
          body: `MENTIONNOTE @${handle(s2.email)} please look; cc @${handle(outsider.email)}`,
          internal: true,
        });
      expect(note.status).toBe(201);
      expect(note.body.mentions.map((p: { id: string }) => p.id)).toEqual([s2.id]);
      const stored = await ctx.prisma.ticketMention.findMany({ where: { ticketId: id } });
      expect(stored.map((m) => [m.messageId, m.userId])).toEqual([[note.body.id, s2.id]]);
      const mail = await mailTo(s2.email, 'MENTIONNOTE');
      expect(mail).toContain(`Test salesperson mentioned you on "Mentions ticket"`);
      // The mentioned colleague now watches it and finds it under "mentions"; the outsider does not.
      const seen = await ctx.http.get(`/api/tickets/${id}`).set(s2Login.auth);
      expect(seen.body.watchers.map((p: { id: string }) => p.id)).toContain(s2.id);
      const mentions = await ctx.http.get('/api/tickets?view=mentions').set(s2Login.auth);
      expect(mentions.body.items.map((t: { id: string }) => t.id)).toEqual([id]);
      const staffMentions = await ctx.http.get('/api/tickets?view=mentions').set(staff.auth);
      expect(staffMentions.body.items.map((t: { id: string }) => t.id)).not.toContain(id);
      expect(
        (await ctx.http.get('/api/tickets?view=mentions').set(outsiderLogin.auth)).body.items,
      ).toEqual([]);
      expect(mails.filter((m) => m.includes(`To: ${outsider.email}`))).toEqual([]);
      // The customer never sees the note, nor its mention.
      const customerView = await ctx.http.get(`/api/tickets/${id}`).set(adminA.auth);
      expect(JSON.stringify(customerView.body)).not.toContain('MENTIONNOTE');

      // A customer: nobody to mention while unassigned, then the assignee only.
      expect((await ctx.http.get(url).set(adminA.auth)).body).toEqual([]);
      await ctx.http.patch(`/api/tickets/${id}`).set(staff.auth).send({ assigneeId: staffId });
      expect(
        (await ctx.http.get(url).set(adminA.auth)).body.map((p: { id: string }) => p.id),
      ).toEqual([staffId]);
      const reply = await ctx.http
        .post(`/api/tickets/${id}/messages`)
        .set(adminA.auth)
        .send({ body: `CUSTMENTION @${handle(staffEmail)} and @${handle(s2.email)}?` });
      expect(reply.status).toBe(201);
      expect(reply.body.mentions.map((p: { id: string }) => p.id)).toEqual([staffId]);
      await mailTo(staffEmail, 'mentioned you on "Mentions ticket"');
      const after = await ctx.http.get(`/api/tickets/${id}`).set(adminA.auth);
      const last = after.body.messages.at(-1);
      expect(last.mentions).toEqual([{ id: staffId, name: 'Test salesperson', email: staffEmail }]);
    });
  });

  describe('replies by e-mail', () => {
    /** The Reply-To of the newest mail to `email` containing `text`. */
    async function replyTo(email: string, text: string): Promise<string> {
      const mail = await mailTo(email, text);
      const m = /^Reply-To: (\S+@mp\.test)\s*$/m.exec(mail);
      if (!m) throw new Error(`no Reply-To in ${mail}`);
      return m[1];
    }

    /** A real RFC 822 message, composed and sent by nodemailer, as the relay received it. */
    async function composed(from: string, to: string, text: string, headers = {}) {
      const sink = await startSmtpSink();
      try {
        await createTransport(sink.url).sendMail({
          from,
          to,
          subject: 'Re: ticket',
          text,
          headers,
        });
        return sink.mails[0];
      } finally {
        await sink.close();
      }
    }

    const post = (raw: string, secret = RELAY_SECRET) =>
      ctx.http
        .post('/api/tickets/inbound-mail')
        .set('X-Relay-Secret', secret)
        .set('Content-Type', 'message/rfc822')
        .send(raw);

    it('adds the sender’s reply above the quote to the right ticket', async () => {
      const id = (await open(userA, { subject: 'Mail reply ticket' })).body.id as string;
      await ctx.http
        .post(`/api/tickets/${id}/messages`)
        .set(staff.auth)
        .send({ body: 'Try a reboot ÄÖ' });
      const address = await replyTo(userEmail, 'Try a reboot');
      expect(address).toMatch(/^support\+[a-z2-7]{42}@mp\.test$/);
      const raw = await composed(
        userEmail,
        address,
        'Rebooted — it works again, danke schön.\n\nOn Mon, Support wrote:\n> Try a reboot',
      );
      const res = await post(raw);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ outcome: 'added', ticketId: id });
      const t = await ctx.http.get(`/api/tickets/${id}`).set(staff.auth);
      const last = t.body.messages.at(-1);
      expect(last).toMatchObject({
        body: 'Rebooted — it works again, danke schön.',
        author: { id: userAId },
        fromStaff: false,
        internal: false,
      });
      expect(t.body.status).toBe('waiting_msp');
      // An automatic reply is dropped.
      const auto = await post(
        await composed(userEmail, address, 'I am away', { 'Auto-Submitted': 'auto-replied' }),
      );
      expect(auto.body).toEqual({ outcome: 'ignored', reason: 'automatic reply or bounce' });
    });

    it('refuses a forged sender, an altered token, a lost access and a wrong relay secret', async () => {
      const id = (await open(adminA, { subject: 'Guarded mail ticket' })).body.id as string;
      await ctx.http
        .post(`/api/tickets/${id}/watchers`)
        .set(adminA.auth)
        .send({ userId: otherUserAId });
      await ctx.http
        .post(`/api/tickets/${id}/messages`)
        .set(staff.auth)
        .send({ body: 'Guarded answer' });
      const address = await replyTo(otherUserEmail, 'Guarded answer');
      const count = async () =>
        (await ctx.prisma.ticketMessage.count({ where: { ticketId: id } })) as number;
      const n = await count();
      // Another company's admin sends with the watcher's reply address: not issued to them.
      expect((await post(await composed(adminBEmail, address, 'Injected'))).status).toBe(403);
      // One letter changed in the token.
      const [local, domain] = address.split('@');
      const flipped = `${local.slice(0, -1)}${local.endsWith('a') ? 'b' : 'a'}@${domain}`;
      expect((await post(await composed(otherUserEmail, flipped, 'Tampered'))).status).toBe(403);
      // No ticket address at all.
      expect((await post(await composed(otherUserEmail, 'support@mp.test', 'Hi'))).status).toBe(
        403,
      );
      // Wrong or missing relay secret.
      const good = await composed(otherUserEmail, address, 'From the watcher');
      expect((await post(good, 'x'.repeat(RELAY_SECRET.length))).status).toBe(401);
      expect(
        (
          await ctx.http
            .post('/api/tickets/inbound-mail')
            .set('Content-Type', 'message/rfc822')
            .send(good)
        ).status,
      ).toBe(401);
      expect(await count()).toBe(n);
      // The watcher removed: its old reply address no longer reaches the ticket.
      await ctx.http.delete(`/api/tickets/${id}/watchers/${otherUserAId}`).set(adminA.auth);
      expect((await post(good)).status).toBe(404);
      expect(await count()).toBe(n);
      // Re-added, the same mail lands.
      await ctx.http
        .post(`/api/tickets/${id}/watchers`)
        .set(adminA.auth)
        .send({ userId: otherUserAId });
      expect((await post(good)).body).toMatchObject({ outcome: 'added', ticketId: id });
    });
  });
});
