import { placeGuest, type NodeCandidate } from './vms-placement';

const GIB = 1024 ** 3;
const node = (over: Partial<NodeCandidate>): NodeCandidate => ({
  node: 'n',
  online: true,
  cpu: 0.1,
  mem: 8 * GIB,
  maxmem: 64 * GIB,
  storageFree: 500 * GIB,
  storage: 'local-lvm',
  ...over,
});

describe('placeGuest', () => {
  const need = { memoryBytes: 4 * GIB, diskBytes: 32 * GIB };

  it('prefers the node with more free memory and less CPU load, and explains it', () => {
    const p = placeGuest(
      [
        node({ node: 'pve1', mem: 50 * GIB, cpu: 0.7 }),
        node({ node: 'pve2', mem: 10 * GIB, cpu: 0.1 }),
      ],
      need,
    );
    expect(p?.node).toBe('pve2');
    expect(p?.explanation.join('\n')).toMatch(/pve1: score .*\npve2: score .*\nchose pve2/);
  });

  it('skips offline and full nodes; null when nothing fits', () => {
    const p = placeGuest(
      [
        node({ node: 'a', online: false }),
        node({ node: 'b', mem: 62 * GIB }),
        node({ node: 'c', storageFree: 10 * GIB }),
        node({ node: 'd', cpu: 0.9 }),
      ],
      need,
    );
    expect(p?.node).toBe('d');
    expect(p?.explanation).toEqual(expect.arrayContaining(['a: skipped (offline)']));
    expect(placeGuest([node({ online: false })], need)).toBeNull();
  });
});
