import { AlertsEngineService } from '../../src/modules/alerts/alerts-engine.service';
import { MetricsCollectService } from '../../src/modules/monitoring/metrics-collect.service';
import { evaluateOnly } from '../helpers/own-alert-rules';
import { VmsHarness } from './vms-harness';

// Issue 20: "Ceph not HEALTH_OK" through the real collection. The simulated cluster has a Ceph
// (rbd) storage, so a collection reads /cluster/ceph/status too; a node going offline takes its
// OSDs down and Ceph reports HEALTH_WARN.
describe('alert rule: Ceph not HEALTH_OK', () => {
  let h: VmsHarness;
  beforeAll(async () => {
    h = await VmsHarness.start({ nodes: 2, guests: 2 });
  }, 180_000);
  afterAll(() => h?.close());

  it('fires while Ceph is degraded and resolves once it is healthy again', async () => {
    const rule = await h.ctx.http.post('/api/alert-rules').set(h.admin.auth).send({
      name: 'Ceph health',
      metric: 'ceph_unhealthy',
      forSec: 0,
      severity: 'critical',
      clusterId: h.clusterId,
    });
    expect(rule.status).toBe(201);
    evaluateOnly(h.ctx.app, [rule.body.id]);
    const collect = h.ctx.app.get(MetricsCollectService);
    const engine = h.ctx.app.get(AlertsEngineService);
    const cycle = async () => {
      const c = await collect.collect(h.clusterId);
      expect(c).toMatchObject({ ok: true });
      return engine.evaluate(collect.evaluationInput(c!), Date.now());
    };
    const alerts = () => h.ctx.prisma.alert.findMany({ where: { ruleId: rule.body.id } });

    const healthy = await collect.collect(h.clusterId);
    expect(healthy).toMatchObject({ ok: true, readings: { ceph: { health: 'HEALTH_OK' } } });
    expect(await cycle()).toMatchObject({ fired: 0 });
    expect(await alerts()).toEqual([]);

    const node = h.rt.state.nodes[1]!;
    node.online = false;
    h.rt.changed();
    expect(await cycle()).toMatchObject({ fired: 1 });
    let [a] = await alerts();
    expect(a).toMatchObject({
      state: 'firing',
      target: `ceph:${h.clusterId}`,
      targetLabel: expect.stringContaining('HEALTH_WARN'),
    });

    node.online = true;
    h.rt.changed();
    await cycle();
    [a] = await alerts();
    expect(a).toMatchObject({ state: 'resolved', resolvedAt: expect.any(Date) });

    // A company's admin may not watch the platform's Ceph (guest metrics only).
    const company = await h.ctx.newCompany();
    const admin = await h.ctx.login(
      await h.ctx.newUser({ role: 'company_admin', companyId: company.id }),
    );
    const refused = await h.ctx.http
      .post('/api/alert-rules')
      .set(admin.auth)
      .send({ companyId: company.id, name: 'x', metric: 'ceph_unhealthy' });
    expect(refused.status).toBe(400);
  });
});
