import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { AlertNotifierService } from '../../src/modules/alerts/alert-notifier.service';
import { AlertsEngineService } from '../../src/modules/alerts/alerts-engine.service';
import { MetricsCollectService } from '../../src/modules/monitoring/metrics-collect.service';
import { expectApiResponse } from '../helpers/api-response';
import { evaluateOnly } from '../helpers/own-alert-rules';
import { startSmtpSink } from '../helpers/smtp-sink';
import { VmsHarness } from './vms-harness';

// Issue 20, "done when": a rule "guest CPU > 90 % for 2 minutes → e-mail + webhook"; the simulator
// drives the guest's CPU up; the alert opens, both notifications arrive (a real SMTP server and an
// HTTP sink), it is acknowledged, the load goes away and it resolves. Company scoping throughout.
describe('alerts: rules, evaluation, notifications, acknowledgement', () => {
  let h: VmsHarness;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let sink: Server;
  let sinkStatus = 200;
  const hooks: Array<{ body: string; headers: Record<string, unknown> }> = [];
  let acme: string;
  let globex: string;
  let vmid: number;
  let guestId: string;
  const SECRET = 'a-webhook-secret-of-some-length';

  const collectAndEvaluate = async (now: number) => {
    const c = await h.ctx.app.get(MetricsCollectService).collect(h.clusterId);
    return h.ctx.app
      .get(AlertsEngineService)
      .evaluate(h.ctx.app.get(MetricsCollectService).evaluationInput(c!), now);
  };
  const deliverPending = async () => {
    const pending = await h.ctx.prisma.alertDelivery.findMany({ where: { status: 'pending' } });
    for (const d of pending) {
      await h.ctx.app
        .get(AlertNotifierService)
        .deliver(d.id)
        .catch(() => undefined);
    }
    return pending.length;
  };
  const setLoad = (cpu: number | undefined) => {
    const g = h.rt.state.guests.get(vmid)!;
    if (cpu === undefined) delete g.cpuLoad;
    else g.cpuLoad = cpu;
    h.rt.changed();
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    sink = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hooks.push({ body, headers: req.headers });
        res.statusCode = sinkStatus;
        res.end();
      });
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    h = await VmsHarness.start({
      nodes: 2,
      guests: 10,
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://mp.test' },
    });
    acme = (await h.ctx.newCompany()).id;
    globex = (await h.ctx.newCompany()).id;
    const g = [...h.rt.state.guests.values()].find(
      (x) => x.status === 'running' && !x.config.template,
    )!;
    vmid = g.vmid;
    const row = await h.ctx.prisma.guest.findFirstOrThrow({
      where: { clusterId: h.clusterId, activeVmid: vmid },
    });
    guestId = row.id;
    await h.ctx.prisma.guest.update({ where: { id: guestId }, data: { companyId: acme } });
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await smtp.close();
    await new Promise<void>((r) => sink.close(() => r()));
  });

  it('opens, notifies by e-mail and signed webhook, is acknowledged and resolves', async () => {
    const http = h.ctx.http;
    const staff = h.admin.auth;
    const email = await http
      .post('/api/notification-channels')
      .set(staff)
      .send({ type: 'email', name: 'NOC mail', to: ['noc@msp.test'] });
    expect(email.status).toBe(201);
    expectApiResponse('POST /notification-channels', email);
    const sinkUrl = `http://127.0.0.1:${(sink.address() as { port: number }).port}/hook`;
    const hook = await http
      .post('/api/notification-channels')
      .set(staff)
      .send({ type: 'webhook', name: 'NOC hook', url: sinkUrl, secret: SECRET });
    expect(hook.status).toBe(201);
    expect(hook.body).not.toHaveProperty('secret');
    const rule = await http
      .post('/api/alert-rules')
      .set(staff)
      .send({
        name: 'Guest CPU high',
        metric: 'guest_cpu',
        threshold: 90,
        forSec: 120,
        severity: 'critical',
        guestId,
        channelIds: [email.body.id, hook.body.id],
      });
    expect(rule.status).toBe(201);
    evaluateOnly(h.ctx.app, [rule.body.id]);

    const t0 = Date.now();
    setLoad(0.97);
    expect(await collectAndEvaluate(t0)).toMatchObject({ opened: 1, fired: 0 });
    // Pending is not an alert yet.
    // (Filtered to the company: other suites may run against the same database.)
    expect((await http.get('/api/alerts').query({ companyId: acme }).set(staff)).body.total).toBe(
      0,
    );
    expect(await collectAndEvaluate(t0 + 60_000)).toMatchObject({ opened: 0, fired: 0 });
    expect(await collectAndEvaluate(t0 + 121_000)).toMatchObject({ fired: 1, notifications: 2 });

    expect(await deliverPending()).toBe(2);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatch(/To: noc@msp\.test/);
    expect(smtp.mails[0]).toMatch(/Subject: \[critical\] FIRING: Guest CPU high on/);
    expect(hooks).toHaveLength(1);
    const body = JSON.parse(hooks[0].body);
    expect(body).toMatchObject({ event: 'firing', alert: { guestId, state: 'firing', value: 97 } });
    expect(hooks[0].headers['x-multpanel-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(hooks[0].body).digest('hex')}`,
    );

    // The customer's admin sees it (their guest); another company's admin does not.
    const acmeAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme }),
    );
    const globexAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: globex }),
    );
    const list = await http.get('/api/alerts').set(acmeAdmin.auth);
    expectApiResponse('GET /alerts', list);
    expect(list.body.items).toHaveLength(1);
    const alertId = list.body.items[0].id;
    expect((await http.get('/api/alerts').set(globexAdmin.auth)).body.total).toBe(0);
    expect((await http.get(`/api/alerts/${alertId}`).set(globexAdmin.auth)).status).toBe(404);
    expect(
      (await http.post(`/api/alerts/${alertId}/acknowledge`).set(globexAdmin.auth).send({})).status,
    ).toBe(404);

    const ack = await http
      .post(`/api/alerts/${alertId}/acknowledge`)
      .set(acmeAdmin.auth)
      .send({ comment: 'looking into it' });
    expectApiResponse('POST /alerts/:id/acknowledge', ack);
    expect(ack.body).toMatchObject({
      ackComment: 'looking into it',
      acknowledgedBy: 'Test company_admin',
    });
    // Acknowledged: no repeat even past repeatSec.
    expect(await collectAndEvaluate(t0 + 2 * 3600_000)).toMatchObject({ notifications: 0 });

    setLoad(0.1);
    expect(await collectAndEvaluate(t0 + 2 * 3600_000 + 60_000)).toMatchObject({
      resolved: 1,
      notifications: 2,
    });
    await deliverPending();
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1]).toMatch(/Subject: \[critical\] RESOLVED: Guest CPU high/);
    expect(JSON.parse(hooks[1].body)).toMatchObject({
      event: 'resolved',
      alert: { state: 'resolved' },
    });

    const detail = await http.get(`/api/alerts/${alertId}`).set(staff);
    expectApiResponse('GET /alerts/:id', detail);
    expect(detail.body.state).toBe('resolved');
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'fired',
      'notified',
      'acknowledged',
      'resolved',
      'notified',
    ]);
    expect(detail.body.deliveries.map((d: { status: string }) => d.status)).toEqual([
      'sent',
      'sent',
      'sent',
      'sent',
    ]);
    expect(
      (await http.get('/api/alerts').query({ state: 'resolved' }).set(acmeAdmin.auth)).body.total,
    ).toBe(1);
  });

  it('retries a failing webhook and logs each attempt', async () => {
    const sinkUrl = `http://127.0.0.1:${(sink.address() as { port: number }).port}/hook`;
    const hook = await h.ctx.http
      .post('/api/notification-channels')
      .set(h.admin.auth)
      .send({ type: 'webhook', name: 'flaky', url: sinkUrl });
    expectApiResponse('POST /notification-channels', hook);
    expect(hook.body.secret).toEqual(expect.any(String)); // generated, shown once
    const test = await h.ctx.http
      .post(`/api/notification-channels/${hook.body.id}/test`)
      .set(h.admin.auth);
    expect(test.status).toBe(202);
    expectApiResponse('POST /notification-channels/:id/test', test);
    const notifier = h.ctx.app.get(AlertNotifierService);
    sinkStatus = 500;
    await expect(notifier.deliver(test.body.deliveryId)).rejects.toThrow('HTTP 500');
    let d = await h.ctx.prisma.alertDelivery.findUniqueOrThrow({
      where: { id: test.body.deliveryId },
    });
    expect([d.status, d.attempts, d.error]).toEqual(['pending', 1, 'webhook answered HTTP 500']);
    sinkStatus = 200;
    expect(await notifier.deliver(test.body.deliveryId)).toEqual({ status: 'sent' });
    d = await h.ctx.prisma.alertDelivery.findUniqueOrThrow({ where: { id: test.body.deliveryId } });
    expect([d.status, d.attempts]).toEqual(['sent', 2]);
    expect(JSON.parse(hooks.at(-1)!.body)).toMatchObject({ event: 'test', alert: null });
  });

  it("keeps a company's rules and channels to its own guests and channels", async () => {
    const admin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme }),
    );
    const http = h.ctx.http;
    const platform = await http
      .post('/api/alert-rules')
      .set(admin.auth)
      .send({ name: 'x', metric: 'guest_cpu', channelIds: [] });
    expect(platform.status).toBe(403);
    const nodeRule = await http
      .post('/api/alert-rules')
      .set(admin.auth)
      .send({ companyId: acme, name: 'x', metric: 'node_cpu' });
    expect(nodeRule.status).toBe(400);
    const foreign = await http
      .post('/api/alert-rules')
      .set(admin.auth)
      .send({ companyId: globex, name: 'x', metric: 'guest_cpu' });
    expect(foreign.status).toBe(404);
    const staffChannels = expectApiResponse(
      'GET /notification-channels',
      await http.get('/api/notification-channels').set(h.admin.auth),
    ) as { id: string }[];
    const borrowed = await http
      .post('/api/alert-rules')
      .set(admin.auth)
      .send({ companyId: acme, name: 'x', metric: 'guest_cpu', channelIds: [staffChannels[0].id] });
    expect(borrowed.status).toBe(404);
    const own = await http
      .post('/api/notification-channels')
      .set(admin.auth)
      .send({ companyId: acme, type: 'email', name: 'ours', to: ['ops@acme.test'] });
    expect(own.status).toBe(201);
    const ok = await http
      .post('/api/alert-rules')
      .set(admin.auth)
      .send({ companyId: acme, name: 'Our CPU', metric: 'guest_cpu', channelIds: [own.body.id] });
    expect(ok.status).toBe(201);
    const renamed = await http
      .patch(`/api/notification-channels/${own.body.id}`)
      .set(admin.auth)
      .send({ name: 'ours, renamed' });
    expect(expectApiResponse('PATCH /notification-channels/:id', renamed)).toMatchObject({
      name: 'ours, renamed',
      to: ['ops@acme.test'],
    });
    expect((await http.get('/api/notification-channels').set(admin.auth)).body).toHaveLength(1);
    const rules = await http.get('/api/alert-rules').set(admin.auth);
    expectApiResponse('GET /alert-rules', rules);
    expect(rules.body.map((r: { name: string }) => r.name)).toEqual(['Our CPU']);
    const off = await http
      .patch(`/api/alert-rules/${ok.body.id}`)
      .set(admin.auth)
      .send({ enabled: false });
    expect([off.status, off.body.enabled]).toEqual([200, false]);
    expect((await http.delete(`/api/alert-rules/${ok.body.id}`).set(admin.auth)).status).toBe(204);
  });
});
