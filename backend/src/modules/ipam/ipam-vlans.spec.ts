import { firstFreeVlan, overlappingPool } from './ipam-vlans';

describe('VLAN pool rules', () => {
  const pools = [
    { id: 'b', from: 200, to: 201 },
    { id: 'a', from: 100, to: 102 },
  ];

  it('hands out the lowest free tag, pool by pool', () => {
    expect(firstFreeVlan(pools, [])).toEqual({ poolId: 'a', vlan: 100 });
    expect(firstFreeVlan(pools, [100, 102])).toEqual({ poolId: 'a', vlan: 101 });
    expect(firstFreeVlan(pools, [100, 101, 102])).toEqual({ poolId: 'b', vlan: 200 });
  });

  it('answers null when every tag is taken', () => {
    expect(firstFreeVlan(pools, [100, 101, 102, 200, 201])).toBeNull();
    expect(firstFreeVlan([], [])).toBeNull();
  });

  it('finds a pool sharing a tag', () => {
    expect(overlappingPool(pools, 102, 150)?.id).toBe('a');
    expect(overlappingPool(pools, 150, 199)).toBeUndefined();
    expect(overlappingPool(pools, 201, 300)?.id).toBe('b');
  });
});
