import { createServer, type Server } from 'node:http';
import { AlertNotifierService } from '../../src/modules/alerts/alert-notifier.service';
import { AlertsEngineService } from '../../src/modules/alerts/alerts-engine.service';
import { MetricsCollectService } from '../../src/modules/monitoring/metrics-collect.service';
import { evaluateOnly } from '../helpers/own-alert-rules';
import { VmsHarness } from './vms-harness';

// Issue 20: Slack/Mattermost, Microsoft Teams and ntfy channels. A real HTTP receiver started here
// stands in for the three services; the alert comes from the simulator's CPU through collection
// and evaluation; the worker's delivery step runs as the queue would call it.
describe('alert channels: Slack, Teams, ntfy', () => {
  let h: VmsHarness;
  let receiver: Server;
  let base: string;
  /** Status each path answers (default 200). */
  const status = new Map<string, number>();
  const got: Array<{ path: string; body: unknown; headers: Record<string, unknown> }> = [];
  let acme: string;
  let globex: string;
  let guestId: string;
  let vmid: number;

  const deliverFor = async (channelIds: string[]) => {
    const pending = await h.ctx.prisma.alertDelivery.findMany({
      where: { status: 'pending', channelId: { in: channelIds } },
      orderBy: { createdAt: 'asc' },
    });
    const notifier = h.ctx.app.get(AlertNotifierService);
    const outcomes: string[] = [];
    for (const d of pending) {
      outcomes.push(
        await notifier.deliver(d.id).then(
          (r) => r.status,
          (e: Error) => `threw: ${e.message}`,
        ),
      );
    }
    return outcomes;
  };
  const deliveries = (channelId: string) =>
    h.ctx.prisma.alertDelivery.findMany({ where: { channelId }, orderBy: { createdAt: 'asc' } });
  const received = (path: string) => got.filter((g) => g.path === path);

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const path = req.url ?? '';
        got.push({ path, body: JSON.parse(body) as unknown, headers: req.headers });
        res.statusCode = status.get(path) ?? 200;
        res.end(res.statusCode === 200 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;
    h = await VmsHarness.start({ nodes: 1, guests: 4, env: { PUBLIC_URL: 'http://mp.test' } });
    acme = (await h.ctx.newCompany()).id;
    globex = (await h.ctx.newCompany()).id;
    const g = [...h.rt.state.guests.values()].find(
      (x) => x.status === 'running' && !x.config.template,
    )!;
    vmid = g.vmid;
    guestId = (
      await h.ctx.prisma.guest.findFirstOrThrow({
        where: { clusterId: h.clusterId, activeVmid: vmid },
      })
    ).id;
    await h.ctx.prisma.guest.update({ where: { id: guestId }, data: { companyId: acme } });
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  it('keeps the URLs encrypted and unreturned, and refuses fields a type does not have', async () => {
    const http = h.ctx.http;
    const slackUrl = `${base}/services/T000/B000/sl4ck-t0ken-xyz`;
    const res = await http
      .post('/api/notification-channels')
      .set(h.admin.auth)
      .send({ type: 'slack', companyId: acme, name: 'Acme Slack', url: slackUrl });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'slack', url: null, to: null, urlHost: base.slice(7) });
    expect(res.body).not.toHaveProperty('secret');
    const row = await h.ctx.prisma.notificationChannel.findUniqueOrThrow({
      where: { id: res.body.id },
    });
    expect(JSON.stringify(row)).not.toContain('sl4ck-t0ken');
    expect(row.secret).toEqual(expect.any(String));
    const list = await http.get('/api/notification-channels').set(h.admin.auth);
    expect(JSON.stringify(list.body)).not.toContain('sl4ck-t0ken');
    expect(list.body.find((c: { id: string }) => c.id === res.body.id)).toMatchObject({
      urlHost: base.slice(7),
    });

    for (const bad of [
      { type: 'teams', name: 'no url' },
      { type: 'slack', name: 'signed', url: slackUrl, secret: 'x'.repeat(20) },
      { type: 'teams', name: 'token', url: slackUrl, token: 'abc' },
      { type: 'ntfy', name: 'mail', url: slackUrl, to: ['a@b.test'] },
    ]) {
      const r = await http.post('/api/notification-channels').set(h.admin.auth).send(bad);
      expect([bad.name, r.status]).toEqual([bad.name, 400]);
    }

    // Another company's admin cannot test, delete or see it.
    const globexAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: globex }),
    );
    expect(
      (await http.post(`/api/notification-channels/${res.body.id}/test`).set(globexAdmin.auth))
        .status,
    ).toBe(404);
    expect(
      (await http.delete(`/api/notification-channels/${res.body.id}`).set(globexAdmin.auth)).status,
    ).toBe(404);
    expect((await http.get('/api/notification-channels').set(globexAdmin.auth)).body).toEqual([]);
  });

  it('sends each service its own payload; a failing channel is retried and holds up no other', async () => {
    const http = h.ctx.http;
    const acmeAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme }),
    );
    const make = async (body: object) => {
      const r = await http
        .post('/api/notification-channels')
        .set(acmeAdmin.auth)
        .send({ companyId: acme, ...body });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const slack = await make({ type: 'slack', name: 'Slack', url: `${base}/slack/hook` });
    const teams = await make({ type: 'teams', name: 'Teams', url: `${base}/teams/hook?sig=s3` });
    const ntfy = await make({
      type: 'ntfy',
      name: 'ntfy',
      url: `${base}/ntfy/acme-alerts`,
      token: 'tk_secret',
    });
    // Send test first: every channel gets its test message through the same path as alerts.
    for (const id of [slack, teams, ntfy]) {
      const t = await http.post(`/api/notification-channels/${id}/test`).set(acmeAdmin.auth);
      expect(t.status).toBe(202);
    }
    expect(await deliverFor([slack, teams, ntfy])).toEqual(['sent', 'sent', 'sent']);
    expect(received('/slack/hook').at(-1)!.body).toEqual({
      text: 'This is a test notification from Multpanel. The channel works.',
    });
    expect(received('/ntfy/').at(-1)!.body).toMatchObject({ topic: 'acme-alerts', tags: ['bell'] });

    const rule = await http
      .post('/api/alert-rules')
      .set(acmeAdmin.auth)
      .send({
        companyId: acme,
        name: 'Acme CPU',
        metric: 'guest_cpu',
        threshold: 90,
        forSec: 0,
        severity: 'critical',
        guestId,
        channelIds: [slack, teams, ntfy],
      });
    expect(rule.status).toBe(201);
    evaluateOnly(h.ctx.app, [rule.body.id]);

    status.set('/slack/hook', 503);
    const g = h.rt.state.guests.get(vmid)!;
    g.cpuLoad = 0.97;
    h.rt.changed();
    const collect = h.ctx.app.get(MetricsCollectService);
    const c = await collect.collect(h.clusterId);
    expect(
      await h.ctx.app.get(AlertsEngineService).evaluate(collect.evaluationInput(c!), Date.now()),
    ).toMatchObject({ fired: 1 });

    const before = got.length;
    const outcomes = await deliverFor([slack, teams, ntfy]);
    expect(outcomes.sort()).toEqual(['sent', 'sent', 'threw: slack answered HTTP 503']);
    // Teams and ntfy got theirs although Slack failed.
    const teamsBody = received('/teams/hook?sig=s3').at(-1)!.body as {
      type: string;
      attachments: Array<{ contentType: string; content: Record<string, unknown> }>;
    };
    expect(teamsBody.type).toBe('message');
    expect(teamsBody.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = teamsBody.attachments[0]!.content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(JSON.stringify(card.body)).toContain('[critical] FIRING: Acme CPU on');
    expect(card.body).toContainEqual(
      expect.objectContaining({
        type: 'FactSet',
        facts: expect.arrayContaining([{ title: 'Value', value: '97 (threshold 90)' }]),
      }),
    );
    const alert = await h.ctx.prisma.alert.findFirstOrThrow({ where: { ruleId: rule.body.id } });
    expect(card.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Open in Multpanel',
        url: `http://mp.test/monitoring/alerts/${alert.id}`,
      },
    ]);
    const ntfyHit = received('/ntfy/').at(-1)!;
    expect(ntfyHit.headers.authorization).toBe('Bearer tk_secret');
    expect(ntfyHit.body).toMatchObject({
      topic: 'acme-alerts',
      priority: 5,
      tags: ['rotating_light'],
      click: `http://mp.test/monitoring/alerts/${alert.id}`,
    });
    expect((ntfyHit.body as { title: string }).title).toMatch(/^\[critical\] FIRING: Acme CPU/);
    expect((ntfyHit.body as { message: string }).message).toContain('Value: 97 (threshold 90)');
    expect(got.length - before).toBe(3);

    let slackLog = await deliveries(slack);
    expect(slackLog.at(-1)).toMatchObject({
      status: 'pending',
      attempts: 1,
      error: 'slack answered HTTP 503',
    });
    // The queue's retry: Slack is back and gets the alert.
    status.delete('/slack/hook');
    expect(await deliverFor([slack])).toEqual(['sent']);
    slackLog = await deliveries(slack);
    expect(slackLog.at(-1)).toMatchObject({ status: 'sent', attempts: 2 });
    const slackBody = received('/slack/hook').at(-1)!.body as {
      text: string;
      attachments: Array<Record<string, unknown>>;
    };
    expect(slackBody.text).toMatch(/^\[critical\] FIRING: Acme CPU on/);
    expect(slackBody.attachments[0]).toMatchObject({
      color: '#d32f2f',
      title_link: `http://mp.test/monitoring/alerts/${alert.id}`,
    });

    // A 4xx will not get better: failed at once, no retry.
    status.set('/ntfy/', 403);
    const t = await http.post(`/api/notification-channels/${ntfy}/test`).set(acmeAdmin.auth);
    expect(await deliverFor([ntfy])).toEqual(['failed']);
    expect(
      await h.ctx.prisma.alertDelivery.findUniqueOrThrow({ where: { id: t.body.deliveryId } }),
    ).toMatchObject({ status: 'failed', attempts: 1, error: 'ntfy answered HTTP 403' });
    status.delete('/ntfy/');

    // The alert's delivery log shows the three channels.
    const detail = await http.get(`/api/alerts/${alert.id}`).set(acmeAdmin.auth);
    expect(
      detail.body.deliveries
        .map((d: { channelName: string; status: string }) => `${d.channelName}:${d.status}`)
        .sort(),
    ).toEqual(['Slack:sent', 'Teams:sent', 'ntfy:sent']);
  });
  it('edits a channel: name, recipients, a re-encrypted URL and token; foreign or unfit edits refused', async () => {
    const http = h.ctx.http;
    const acmeAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme }),
    );
    const ntfy = await http
      .post('/api/notification-channels')
      .set(acmeAdmin.auth)
      .send({
        companyId: acme,
        type: 'ntfy',
        name: 'Old',
        url: `${base}/ntfy/old`,
        token: 'tk_old',
      });
    expect(ntfy.status).toBe(201);
    const id = ntfy.body.id as string;

    const edited = await http
      .patch(`/api/notification-channels/${id}`)
      .set(acmeAdmin.auth)
      .send({ name: 'Phones', url: `${base}/ntfy/n3w-t0pic`, token: null });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id, name: 'Phones', type: 'ntfy', url: null });
    const row = await h.ctx.prisma.notificationChannel.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row)).not.toContain('n3w-t0pic');
    const t = await http.post(`/api/notification-channels/${id}/test`).set(acmeAdmin.auth);
    expect(t.status).toBe(202);
    expect(await deliverFor([id])).toEqual(['sent']);
    const hit = received('/ntfy/').at(-1)!;
    expect(hit.body).toMatchObject({ topic: 'n3w-t0pic' });
    expect(hit.headers.authorization).toBeUndefined();

    // Only the name: URL and token stay.
    const renamed = await http
      .patch(`/api/notification-channels/${id}`)
      .set(acmeAdmin.auth)
      .send({ name: 'Phones 2' });
    expect([renamed.status, renamed.body.name]).toEqual([200, 'Phones 2']);
    await http.post(`/api/notification-channels/${id}/test`).set(acmeAdmin.auth);
    expect(await deliverFor([id])).toEqual(['sent']);
    expect(received('/ntfy/').at(-1)!.body).toMatchObject({ topic: 'n3w-t0pic' });

    const mail = await http
      .post('/api/notification-channels')
      .set(acmeAdmin.auth)
      .send({ companyId: acme, type: 'email', name: 'Ops', to: ['ops@acme.test'] });
    const recip = await http
      .patch(`/api/notification-channels/${mail.body.id}`)
      .set(acmeAdmin.auth)
      .send({ to: ['noc@acme.test', 'cto@acme.test'] });
    expect([recip.status, recip.body.to]).toEqual([200, ['noc@acme.test', 'cto@acme.test']]);

    for (const [target, body] of [
      [mail.body.id, { url: `${base}/x` }],
      [id, { to: ['a@b.test'] }],
      [id, {}],
      [id, { type: 'slack' }],
      [mail.body.id, { token: 'abc' }],
      [id, { url: 'ftp://example.test/x' }],
    ] as Array<[string, object]>) {
      const r = await http
        .patch(`/api/notification-channels/${target}`)
        .set(acmeAdmin.auth)
        .send(body);
      expect([body, r.status]).toEqual([body, 400]);
    }
    const globexAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: globex }),
    );
    const foreign = await http
      .patch(`/api/notification-channels/${id}`)
      .set(globexAdmin.auth)
      .send({ name: 'mine' });
    expect(foreign.status).toBe(404);
    expect((await h.ctx.prisma.notificationChannel.findUniqueOrThrow({ where: { id } })).name).toBe(
      'Phones 2',
    );
  });
});
