import { sdnTagFindings, sweepable, sweepFindings, type SweepRange } from './ipam-sweep-rules';

describe('IPAM conflict sweep rules', () => {
  // 10.20.0.0/24, usable .1 – .254
  const range: SweepRange = {
    id: 'r1',
    name: 'LAN',
    family: 4,
    start: 0x0a140000n,
    firstOffset: 1n,
    lastOffset: 254n,
  };
  const guest = (vmid: number, ...addresses: string[]) => ({
    guestId: `g${vmid}`,
    vmid,
    name: `vm${vmid}`,
    addresses,
  });

  it('ignores loopback, link-local and multicast', () => {
    expect(['127.0.0.1', '169.254.1.1', '224.0.0.1', '::1', 'fe80::1'].some(sweepable)).toBe(false);
    expect(['10.20.0.5', '2001:db8::5'].every(sweepable)).toBe(true);
  });

  it('finds an address allocated to another guest, unknown in-range ones, and duplicates', () => {
    const found = sweepFindings(
      [
        guest(100, '10.20.0.5', '127.0.0.1'),
        guest(101, '10.20.0.6'),
        guest(102, '10.20.0.7'),
        guest(103, '10.20.0.7', '192.168.1.9'),
        guest(104, '10.20.0.8'),
      ],
      [range],
      [
        { id: 'a5', rangeId: 'r1', address: '10.20.0.5', status: 'allocated', guestId: 'g100' },
        { id: 'a6', rangeId: 'r1', address: '10.20.0.6', status: 'allocated', guestId: 'g999' },
        { id: 'a8', rangeId: 'r1', address: '10.20.0.8', status: 'reserved', guestId: null },
      ],
    );
    const summary = found.map((f) => `${f.kind} ${f.vmid} ${f.address}`).sort();
    expect(summary).toEqual([
      'conflict 101 10.20.0.6',
      'conflict 104 10.20.0.8',
      'duplicate 102 10.20.0.7',
      'duplicate 103 10.20.0.7',
      'unknown 102 10.20.0.7',
      'unknown 103 10.20.0.7',
    ]);
    const c = found.find((f) => f.kind === 'conflict' && f.vmid === 101)!;
    expect(c).toMatchObject({ ipamAddressId: 'a6', ipamGuestId: 'g999', rangeName: 'LAN' });
    expect(found.find((f) => f.kind === 'duplicate' && f.vmid === 102)!.alsoVmids).toEqual([103]);
  });

  it('reports nothing when every address is the guest’s own allocation or outside IPAM', () => {
    expect(
      sweepFindings(
        [guest(100, '10.20.0.5'), guest(101, '172.16.0.1')],
        [range],
        [{ id: 'a5', rangeId: 'r1', address: '10.20.0.5', status: 'allocated', guestId: 'g100' }],
      ),
    ).toEqual([]);
  });

  it('reports a bound range whose VNet is tagged otherwise now, including tagged ↔ untagged', () => {
    const bound = (id: string, sdnVnet: string, sdnTag: number | null) => ({
      id,
      name: id,
      cidr: `10.${id.length}.0.0/24`,
      sdnVnet,
      sdnTag,
    });
    const found = sdnTagFindings(
      [
        bound('same', 'v1', 100),
        bound('retag', 'v2', 200),
        bound('tagged', 'v3', null),
        bound('gone', 'v4', 5),
      ],
      [
        { vnet: 'v1', tag: 100 },
        { vnet: 'v2', tag: 201 },
        { vnet: 'v3', tag: 300 },
      ],
    );
    expect(found.map((f) => [f.kind, f.rangeId, f.vmid, f.sdn])).toEqual([
      ['sdn_tag_mismatch', 'retag', null, { vnet: 'v2', tag: 201, boundTag: 200 }],
      ['sdn_tag_mismatch', 'tagged', null, { vnet: 'v3', tag: 300, boundTag: null }],
    ]);
  });
});
