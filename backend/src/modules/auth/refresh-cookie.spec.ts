import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';

const request = (headers: Record<string, string>, secure = false) =>
  ({ headers, secure }) as unknown as FastifyRequest;

function setCookieOf(write: (res: FastifyReply) => void): string[] {
  const lines: string[] = [];
  const res = {
    header: (name: string, value: string | string[]) =>
      name === 'set-cookie' && lines.push(...[value].flat()),
  };
  write(res as unknown as FastifyReply);
  return lines;
}

describe('refresh cookie', () => {
  beforeAll(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterAll(() => jest.useRealTimers());

  it('is written as Express wrote it: 30 days, httpOnly, strict, Secure behind https', () => {
    expect(setCookieOf((res) => setRefreshCookie(request({}), res, 'tok_en-1'))).toEqual([
      'mp_refresh=tok_en-1; Max-Age=2592000; Path=/api/auth; Expires=Sat, 31 Jan 2026 00:00:00 GMT; HttpOnly; SameSite=Strict',
      'mp_session=1; Max-Age=2592000; Path=/; Expires=Sat, 31 Jan 2026 00:00:00 GMT; SameSite=Strict',
    ]);
    expect(setCookieOf((res) => clearRefreshCookie(request({}, true), res))).toEqual([
      'mp_refresh=; Path=/api/auth; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Strict',
      'mp_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; SameSite=Strict',
    ]);
  });

  it('reads the first mp_refresh, unquoted and decoded, and nothing else', () => {
    const read = (cookie: string) => readRefreshCookie(request({ cookie }));
    expect(read('a=b; mp_refresh=abc; mp_refresh=second')).toBe('abc');
    expect(read('mp_refresh="a%20b"')).toBe('a b');
    expect(read('mp_refresh=%E0%A4%A')).toBe('%E0%A4%A');
    expect(read('mp_refresh=; x=1')).toBeUndefined();
    expect(read('xmp_refresh=abc')).toBeUndefined();
    expect(readRefreshCookie(request({}))).toBeUndefined();
  });
});
