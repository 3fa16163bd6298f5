import { AlertNotifierService } from '../../src/modules/alerts/alert-notifier.service';
import { AlertsEngineService } from '../../src/modules/alerts/alerts-engine.service';
import { MetricsCollectService } from '../../src/modules/monitoring/metrics-collect.service';
import { evaluateOnly } from '../helpers/own-alert-rules';
import { startSmtpSink } from '../helpers/smtp-sink';
import { VmsHarness } from './vms-harness';

// Issue 20, maintenance windows: an alert inside a window is recorded, not notified; once the
// window is gone its repeats are. A company manages its own windows only.
describe('maintenance windows', () => {
  let h: VmsHarness;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let acme: string;
  let globex: string;
  let vmid: number;
  let guestId: string;
  let node: string;

  const collectAndEvaluate = async (now: number) => {
    const c = await h.ctx.app.get(MetricsCollectService).collect(h.clusterId);
    return h.ctx.app
      .get(AlertsEngineService)
      .evaluate(h.ctx.app.get(MetricsCollectService).evaluationInput(c!), now);
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    h = await VmsHarness.start({ nodes: 2, guests: 6, env: { SMTP_URL: smtp.url } });
    acme = (await h.ctx.newCompany()).id;
    globex = (await h.ctx.newCompany()).id;
    const g = [...h.rt.state.guests.values()].find(
      (x) => x.status === 'running' && !x.config.template,
    )!;
    vmid = g.vmid;
    node = g.node;
    const row = await h.ctx.prisma.guest.findFirstOrThrow({
      where: { clusterId: h.clusterId, activeVmid: vmid },
    });
    guestId = row.id;
    await h.ctx.prisma.guest.update({ where: { id: guestId }, data: { companyId: acme } });
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await smtp.close();
  });

  it('holds back notifications inside a window and sends repeats once it is gone', async () => {
    const http = h.ctx.http;
    const staff = h.admin.auth;
    const acmeAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: acme }),
    );
    const globexAdmin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: globex }),
    );
    const channel = await http
      .post('/api/notification-channels')
      .set(staff)
      .send({ type: 'email', name: 'NOC', to: ['noc@msp.test'] });
    const rule = await http
      .post('/api/alert-rules')
      .set(staff)
      .send({
        name: 'Guest CPU (maintenance test)',
        metric: 'guest_cpu',
        threshold: 90,
        forSec: 0,
        severity: 'warning',
        guestId,
        repeatSec: 600,
        channelIds: [channel.body.id],
      });
    expect(rule.status).toBe(201);
    evaluateOnly(h.ctx.app, [rule.body.id]);

    const t0 = Date.now();
    const window = {
      companyId: acme,
      clusterId: h.clusterId,
      node,
      guestId,
      startsAt: new Date(t0 - 60_000).toISOString(),
      endsAt: new Date(t0 + 3600_000).toISOString(),
      reason: 'kernel update',
    };
    // Bad input: the end before the start, a node without its cluster, unknown fields.
    for (const bad of [
      { ...window, endsAt: window.startsAt, startsAt: window.endsAt },
      { ...window, clusterId: undefined },
      { ...window, extra: 1 },
    ]) {
      expect(
        (await http.post('/api/maintenance-windows').set(acmeAdmin.auth).send(bad)).status,
      ).toBe(400);
    }
    // Another company cannot put a window on Acme's guest, nor a company admin a platform one.
    expect(
      (await http.post('/api/maintenance-windows').set(globexAdmin.auth).send(window)).status,
    ).toBe(404);
    expect(
      (
        await http
          .post('/api/maintenance-windows')
          .set(acmeAdmin.auth)
          .send({ ...window, companyId: null })
      ).status,
    ).toBe(403);
    // A window on the other node covers nothing here.
    const elsewhere = await http
      .post('/api/maintenance-windows')
      .set(staff)
      .send({ ...window, companyId: null, guestId: null, node: `${node}x` });
    expect(elsewhere.status).toBe(201);
    const created = await http.post('/api/maintenance-windows').set(acmeAdmin.auth).send(window);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ companyId: acme, guestId, node, reason: 'kernel update' });

    const mine = await http.get('/api/maintenance-windows').set(acmeAdmin.auth);
    expect(mine.body.map((w: { id: string }) => w.id)).toEqual([created.body.id]);
    // people read names, not ids
    const guestRow = await h.ctx.prisma.guest.findUniqueOrThrow({ where: { id: guestId } });
    expect(mine.body[0]).toMatchObject({
      companyName: (await h.ctx.prisma.company.findUniqueOrThrow({ where: { id: acme } })).name,
      clusterName: (await h.ctx.prisma.cluster.findUniqueOrThrow({ where: { id: h.clusterId } }))
        .name,
      guestName: guestRow.name ?? `VM ${guestRow.vmid}`,
    });
    expect((await http.get('/api/maintenance-windows').set(globexAdmin.auth)).body).toEqual([]);
    expect(
      (await http.delete(`/api/maintenance-windows/${created.body.id}`).set(globexAdmin.auth))
        .status,
    ).toBe(404);

    const g = h.rt.state.guests.get(vmid)!;
    g.cpuLoad = 0.97;
    h.rt.changed();
    expect(await collectAndEvaluate(t0)).toMatchObject({ fired: 1, notifications: 0, muted: 1 });
    const [alert] = (await http.get('/api/alerts').query({ companyId: acme }).set(staff)).body
      .items;
    const detail = await http.get(`/api/alerts/${alert.id}`).set(staff);
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'fired',
      'maintenance',
    ]);
    expect(detail.body.events[2].comment).toBe('firing not notified: kernel update');

    // Gone: the next repeat is sent.
    expect(
      (await http.delete(`/api/maintenance-windows/${created.body.id}`).set(acmeAdmin.auth)).status,
    ).toBe(204);
    expect(await collectAndEvaluate(t0 + 601_000)).toMatchObject({ notifications: 1, muted: 0 });
    const [d] = await h.ctx.prisma.alertDelivery.findMany({ where: { alertId: alert.id } });
    await h.ctx.app.get(AlertNotifierService).deliver(d.id);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatch(/Subject: \[warning\] FIRING: Guest CPU \(maintenance test\)/);
  });
});
