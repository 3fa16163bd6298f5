import { coveringWindow, nodeOfTarget, type WindowSpec } from './maintenance-match';

const at = new Date('2026-12-06T12:00:00Z');
const w = (over: Partial<WindowSpec>): WindowSpec => ({
  companyId: null,
  clusterId: null,
  node: null,
  guestId: null,
  startsAt: new Date('2026-12-06T11:00:00Z'),
  endsAt: new Date('2026-12-06T13:00:00Z'),
  ...over,
});
const guest = { companyId: 'acme', clusterId: 'c1', node: 'pve1', guestId: 'g1' };

describe('maintenance windows', () => {
  it('cover a subject when open and every set field matches', () => {
    expect(coveringWindow([w({ clusterId: 'c1', node: 'pve1' })], guest, at)).toBeDefined();
    expect(coveringWindow([w({ companyId: 'acme' })], guest, at)).toBeDefined();
    expect(coveringWindow([w({ guestId: 'g1', clusterId: 'c1' })], guest, at)).toBeDefined();
  });

  it('do not cover another node, company, guest or cluster', () => {
    expect(coveringWindow([w({ clusterId: 'c1', node: 'pve2' })], guest, at)).toBeUndefined();
    expect(coveringWindow([w({ companyId: 'globex' })], guest, at)).toBeUndefined();
    expect(coveringWindow([w({ guestId: 'g2' })], guest, at)).toBeUndefined();
    expect(coveringWindow([w({ clusterId: 'c2' })], guest, at)).toBeUndefined();
    // A company's window never covers a platform alert (a node's) of the same cluster.
    const nodeAlert = { companyId: null, clusterId: 'c1', node: 'pve1', guestId: null };
    expect(coveringWindow([w({ companyId: 'acme', clusterId: 'c1' })], nodeAlert, at)).toBe(
      undefined,
    );
  });

  it('are open from startsAt (included) to endsAt (excluded)', () => {
    const one = [w({ clusterId: 'c1' })];
    expect(coveringWindow(one, guest, new Date('2026-12-06T11:00:00Z'))).toBeDefined();
    expect(coveringWindow(one, guest, new Date('2026-12-06T10:59:59Z'))).toBeUndefined();
    expect(coveringWindow(one, guest, new Date('2026-12-06T13:00:00Z'))).toBeUndefined();
  });

  it('reads the node of node and per-node storage targets', () => {
    expect(nodeOfTarget('node:c1:pve3')).toBe('pve3');
    expect(nodeOfTarget('storage:c1:pve2:local')).toBe('pve2');
    expect(nodeOfTarget('storage:c1:*:ceph')).toBeNull();
    expect(nodeOfTarget('guest:abc')).toBeNull();
    expect(nodeOfTarget('cluster:c1')).toBeNull();
  });
});
