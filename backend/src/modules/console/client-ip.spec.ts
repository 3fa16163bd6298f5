import type { IncomingMessage } from 'node:http';
import { clientIp } from './client-ip';

const req = (remote: string, xff?: string) =>
  ({
    socket: { remoteAddress: remote },
    headers: xff ? { 'x-forwarded-for': xff } : {},
  }) as unknown as IncomingMessage;
const hops = (n: number) => (_addr: string, i: number) => i < n;

describe('clientIp', () => {
  it('uses the socket address when no proxy is trusted', () => {
    expect(clientIp(req('10.0.0.9', '1.2.3.4'), hops(0))).toBe('10.0.0.9');
  });
  it('takes the address one trusted hop out', () => {
    expect(clientIp(req('127.0.0.1', '6.6.6.6, 1.2.3.4'), hops(1))).toBe('1.2.3.4');
    expect(clientIp(req('127.0.0.1', '6.6.6.6, 1.2.3.4'), hops(2))).toBe('6.6.6.6');
  });
  it('stops at the outermost address when all hops are trusted', () => {
    expect(clientIp(req('127.0.0.1', '1.2.3.4'), hops(5))).toBe('1.2.3.4');
    expect(clientIp(req('127.0.0.1'), hops(1))).toBe('127.0.0.1');
  });
});
