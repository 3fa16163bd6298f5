import { edgeWindowLast, poolAboveWindow } from './firewall-dhcp-pool';

describe('the firewall’s Kea pool beside IPAM’s window', () => {
  it('splits a new edge LAN: window the lower half, pool the upper half without the broadcast', () => {
    expect(edgeWindowLast('10.1.2.0/24')).toBe('10.1.2.127');
    expect(poolAboveWindow('10.1.2.0/24', 127n, '10.1.2.1')).toEqual({
      from: '10.1.2.128',
      to: '10.1.2.254',
      size: 127n,
    });
  });

  it('has no pool when the window fills the range or too little is left above it', () => {
    expect(poolAboveWindow('10.1.2.0/24', 254n, '10.1.2.1')).toBeNull();
    expect(poolAboveWindow('10.1.2.0/24', 247n, null)).toBeNull(); // .248-.254: 7
    expect(poolAboveWindow('10.1.2.0/24', 246n, null)).toMatchObject({ size: 8n });
    expect(poolAboveWindow('2001:db8::/64', 10n, null)).toBeNull();
  });

  it('starts above a gateway that lies above the window', () => {
    expect(poolAboveWindow('10.1.2.0/24', 99n, '10.1.2.200')).toMatchObject({
      from: '10.1.2.201',
      to: '10.1.2.254',
    });
  });
});
