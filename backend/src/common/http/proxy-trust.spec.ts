import type { IncomingMessage } from 'node:http';
import { clientIp, compileTrust, isSecure } from './proxy-trust';

const req = (remote: string, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress: remote }, headers }) as unknown as IncomingMessage;
const xff = (remote: string, forwardedFor?: string) =>
  req(remote, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {});
const hops = (n: number) => (_addr: string, i: number) => i < n;

describe('clientIp', () => {
  it('uses the socket address when no proxy is trusted', () => {
    expect(clientIp(xff('10.0.0.9', '1.2.3.4'), hops(0))).toBe('10.0.0.9');
  });
  it('takes the address one trusted hop out', () => {
    expect(clientIp(xff('127.0.0.1', '6.6.6.6, 1.2.3.4'), hops(1))).toBe('1.2.3.4');
    expect(clientIp(xff('127.0.0.1', '6.6.6.6, 1.2.3.4'), hops(2))).toBe('6.6.6.6');
  });
  it('stops at the outermost address when all hops are trusted', () => {
    expect(clientIp(xff('127.0.0.1', '1.2.3.4'), hops(5))).toBe('1.2.3.4');
    expect(clientIp(xff('127.0.0.1'), hops(1))).toBe('127.0.0.1');
  });
});

describe('compileTrust', () => {
  it('reads TRUST_PROXY as Express read "trust proxy"', () => {
    const loopback = compileTrust('loopback');
    expect(loopback('127.0.0.1', 0)).toBe(true);
    expect(loopback('::1', 0)).toBe(true);
    expect(loopback('10.0.0.1', 0)).toBe(false);
    const list = compileTrust('10.0.0.0/8, 192.168.1.1');
    expect([list('10.1.2.3', 0), list('192.168.1.1', 1), list('192.168.1.2', 0)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(compileTrust(0)('127.0.0.1', 0)).toBe(false);
    expect([compileTrust(2)('1.1.1.1', 1), compileTrust(2)('1.1.1.1', 2)]).toEqual([true, false]);
  });
});

describe('isSecure', () => {
  const proto = (value: string, remote = '127.0.0.1') =>
    req(remote, { 'x-forwarded-proto': value });
  it('believes X-Forwarded-Proto (its first value) only from a trusted proxy', () => {
    expect(isSecure(proto('https'), hops(1))).toBe(true);
    expect(isSecure(proto('https, http'), hops(1))).toBe(true);
    expect(isSecure(proto('http, https'), hops(1))).toBe(false);
    expect(isSecure(proto('https'), hops(0))).toBe(false);
    expect(isSecure(req('127.0.0.1'), hops(1))).toBe(false);
  });
});
