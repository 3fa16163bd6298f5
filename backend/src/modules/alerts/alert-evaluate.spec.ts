import type { ClusterReadings, GuestReading } from '../monitoring/metrics-aggregate';
import { decide, openKey, type OpenAlert, type RuleSpec } from './alert-evaluate';

const guest = (vmid: number, cpu: number, over: Partial<GuestReading> = {}): GuestReading => ({
  vmid,
  guestId: `g${vmid}`,
  companyId: 'acme',
  name: `vm${vmid}`,
  node: 'pve1',
  kind: 'qemu',
  status: 'running',
  tags: [],
  cpu,
  maxcpu: 2,
  mem: 1,
  maxmem: 4,
  disk: 0,
  maxdisk: 10,
  netin: 0,
  netout: 0,
  diskread: 0,
  diskwrite: 0,
  ...over,
});
const readings = (guests: GuestReading[]): ClusterReadings => ({
  clusterId: 'c1',
  at: 0,
  guests,
  nodes: [
    {
      node: 'pve1',
      status: 'online',
      cpu: 0.1,
      maxcpu: 8,
      mem: 1,
      maxmem: 2,
      disk: 0,
      maxdisk: 1,
    },
  ],
  storages: [],
  series: [],
  counters: { t: 0, g: {} },
});
const input = (guests: GuestReading[], reachable = true) => ({
  clusterId: 'c1',
  clusterName: 'lab',
  reachable,
  readings: reachable ? readings(guests) : null,
});
const rule = (over: Partial<RuleSpec> = {}): RuleSpec => ({
  id: 'r1',
  companyId: null,
  metric: 'guest_cpu',
  threshold: 90,
  forSec: 120,
  severity: 'critical',
  clusterId: null,
  guestId: null,
  tag: null,
  repeatSec: 600,
  ...over,
});
const open = (over: Partial<OpenAlert> = {}): OpenAlert => ({
  id: 'a1',
  ruleId: 'r1',
  target: 'guest:g100',
  state: 'pending',
  since: new Date(0),
  lastNotifiedAt: null,
  acknowledgedAt: null,
  ...over,
});

describe('alert decisions', () => {
  it('opens pending, fires after the duration, repeats unless acknowledged, resolves with hysteresis', () => {
    const hot = input([guest(100, 0.97), guest(101, 0.2)]);
    const t1 = decide([rule()], hot, [], 0);
    expect(t1).toEqual([
      expect.objectContaining({
        kind: 'open',
        firing: false,
        obs: expect.objectContaining({ target: 'guest:g100', value: 97 }),
      }),
    ]);
    expect(decide([rule()], hot, [open()], 119_000)).toEqual([]);
    expect(decide([rule()], hot, [open()], 120_000).map((t) => t.kind)).toEqual(['fire']);

    const firing = open({ state: 'firing', lastNotifiedAt: new Date(120_000) });
    expect(decide([rule()], hot, [firing], 720_000).map((t) => t.kind)).toEqual(['repeat']);
    expect(
      decide([rule()], hot, [{ ...firing, acknowledgedAt: new Date(130_000) }], 720_000),
    ).toEqual([]);
    // 87 % is under the threshold but inside the hysteresis band: still firing.
    expect(decide([rule()], input([guest(100, 0.87)]), [firing], 200_000)).toEqual([]);
    expect(decide([rule()], input([guest(100, 0.84)]), [firing], 200_000)).toEqual([
      { kind: 'resolve', alert: firing, notify: true },
    ]);
  });

  it('drops a pending alert whose condition went away, and fires at once with no duration', () => {
    expect(decide([rule()], input([guest(100, 0.5)]), [open()], 60_000)).toEqual([
      { kind: 'drop', alert: open() },
    ]);
    expect(decide([rule({ forSec: 0 })], input([guest(100, 0.95)]), [], 0)[0]).toMatchObject({
      kind: 'open',
      firing: true,
    });
  });

  it('keeps to the scope: company, guest, tag, cluster', () => {
    const gs = input([guest(100, 0.95), guest(101, 0.95, { companyId: 'globex', tags: ['db'] })]);
    const targets = (r: RuleSpec) =>
      decide([r], gs, [], 0).map((t) => (t.kind === 'open' ? t.obs.target : t.kind));
    expect(targets(rule({ companyId: 'acme' }))).toEqual(['guest:g100']);
    expect(targets(rule({ guestId: 'g101' }))).toEqual(['guest:g101']);
    expect(targets(rule({ tag: 'db' }))).toEqual(['guest:g101']);
    expect(targets(rule({ clusterId: 'other' }))).toEqual([]);
  });

  it('says nothing about guests of an unreachable cluster, and alerts on the cluster itself', () => {
    const firing = open({ state: 'firing', lastNotifiedAt: new Date(0) });
    const down = input([], false);
    expect(decide([rule()], down, [firing], 60_000)).toEqual([]);
    const unreachable = rule({ id: 'r2', metric: 'cluster_unreachable', forSec: 0 });
    expect(decide([unreachable], down, [], 0)[0]).toMatchObject({
      kind: 'open',
      obs: { target: 'cluster:c1', label: 'lab' },
    });
    const open2 = open({ id: 'a2', ruleId: 'r2', target: 'cluster:c1', state: 'firing' });
    expect(decide([unreachable], input([]), [open2], 60_000)).toEqual([
      { kind: 'resolve', alert: open2, notify: true },
    ]);
  });

  it('resolves the alert of a guest that stopped or disappeared', () => {
    const firing = open({ state: 'firing' });
    expect(decide([rule()], input([]), [firing], 1)).toEqual([
      { kind: 'resolve', alert: firing, notify: true },
    ]);
    expect(openKey('r1', 'guest:g1')).toBe('r1|guest:g1');
  });
  describe('Ceph health and HA', () => {
    const withCeph = (ceph: ClusterReadings['ceph']) => {
      const i = input([guest(100, 0.1)]);
      return { ...i, readings: { ...i.readings!, ceph } };
    };
    const cephRule = rule({ metric: 'ceph_unhealthy', forSec: 0 });

    it('fires when Ceph is not HEALTH_OK and resolves when it is again', () => {
      const t = decide([cephRule], withCeph({ health: 'HEALTH_WARN' }), [], 0);
      expect(t).toEqual([
        expect.objectContaining({
          kind: 'open',
          firing: true,
          obs: expect.objectContaining({
            target: 'ceph:c1',
            label: 'Ceph on lab: HEALTH_WARN',
            value: 1,
          }),
        }),
      ]);
      const firing = open({ target: 'ceph:c1', state: 'firing', lastNotifiedAt: new Date(0) });
      expect(decide([cephRule], withCeph({ health: 'HEALTH_ERR' }), [firing], 1000)).toEqual([]);
      expect(decide([cephRule], withCeph({ health: 'HEALTH_OK' }), [firing], 2000)).toEqual([
        { kind: 'resolve', alert: firing, notify: true },
      ]);
      // Ceph did not answer: no news, the alert stays open.
      expect(decide([cephRule], withCeph(null), [firing], 3000)).toEqual([]);
      // A cluster without Ceph storage never opens one.
      expect(decide([cephRule], withCeph(undefined), [], 0)).toEqual([]);
    });

    it('fires for an HA-managed guest in error or fence, not for unmanaged or started ones', () => {
      const haRule = rule({ metric: 'guest_ha_error', forSec: 0 });
      const guests = [
        guest(100, 0.1, { hastate: 'error' }),
        guest(101, 0.1, { hastate: 'started' }),
        guest(102, 0.1),
        guest(103, 0.1, { hastate: 'fence', status: 'stopped' }),
      ];
      const t = decide([haRule], input(guests), [], 0);
      expect(t.map((x) => (x.kind === 'open' ? x.obs.target : x.kind))).toEqual([
        'guest:g100',
        'guest:g103',
      ]);
      const firing = open({ target: 'guest:g100', state: 'firing', lastNotifiedAt: new Date(0) });
      expect(
        decide([haRule], input([guest(100, 0.1, { hastate: 'started' })]), [firing], 1000),
      ).toEqual([{ kind: 'resolve', alert: firing, notify: true }]);
    });
  });
});
